// Bot settings, custom commands and timers over the HTTP API, and commands run
// through POST /api/bot/command, on the real service (Postgres, NATS) with the
// real openai SDK against the local stand-in that answers slowly.
import { events, type SubscribedEvent } from '@homelab/nats';
import { beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { eventually, watchEvents } from '../../tools/test-env/service-harness.ts';
import { BUILTIN_FACTS } from '../src/domain/builtin-facts.ts';
import { botRowCounts, type ErrorBody, type RunBody } from './commands-rows.ts';
import { startTestService, TEST_USERNAME, type TestService } from './harness.ts';

const KEY = 'sk-stand-in-key';
const MODEL_DELAY_MS = 1500;

let standIn: OpenAiStandIn;
let svc: TestService;
const seen: SubscribedEvent[] = [];

beforeAll(async () => {
  standIn = await startOpenAiStandIn({ apiKey: KEY });
  // Every fact the model writes takes 1.5 s.
  standIn.setDefault((n) => ({
    content: `The stand-in model wrote fact number ${n}.`,
    delayMs: MODEL_DELAY_MS,
  }));
  svc = await startTestService({
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: standIn.baseUrl,
    FACT_POOL_SIZE: '2',
  });
  const watch = await watchEvents('STREAMBOT_EVENTS', seen);
  return async () => {
    await watch.stop();
    await svc.stop();
    await standIn.close();
  };
});

async function expectRefused(res: Response, status: number, message: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.message).toMatch(message);
}

async function run(text: string, as?: { login: string; role: string }): Promise<RunBody> {
  const res = await svc.post('/api/bot/command', { text, ...(as ? { as } : {}) });
  expect(res.status).toBe(200);
  return (await res.json()) as RunBody;
}

const viewer = (login: string) => ({ login, role: 'everyone' });

describe('bot settings', () => {
  it('answers the defaults before anything is saved', async () => {
    const res = await svc.get('/api/bot/config');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      config: {
        enabled: false,
        channels: [],
        prefix: '!',
        builtinCommands: { fact: true, commands: true, uptime: true },
        factSettings: { cooldownSeconds: 15, userCooldownSeconds: 60, prefix: '' },
      },
      ai: { configured: true, personality: { available: true } },
    });
  });

  it.each([
    [{ channels: ['x'] }, /channels\.0: "x" is not a Twitch login/],
    [{ channels: 'retro' }, /channels: .*expected array/i],
    [{ channels: Array.from({ length: 21 }, (_, i) => `chan_${i}`) }, /at most 20 channels/],
    [{ prefix: 'four' }, /prefix is 1-3 characters/],
    [{ builtinCommands: { fact: 'yes' } }, /builtinCommands\.fact/],
    [{ factSettings: { cooldownSeconds: 99999 } }, /factSettings\.cooldownSeconds/],
    [{ personality: { maxLength: 5 } }, /personality\.maxLength/],
    [{ enabled: true }, /POST \/api\/bot\/connect/],
    [{ colour: 'red' }, /Unrecognized key/],
    [[1, 2], /expected a JSON object|expected record/i],
  ])('refuses %j with a 400 and writes nothing', async (body, message) => {
    const before = await botRowCounts(svc);
    await expectRefused(await svc.put('/api/bot/config', body), 400, message);
    expect(await botRowCounts(svc)).toEqual(before);
  });

  it('refuses a body that is not JSON', async () => {
    const res = await svc.request('/api/bot/config', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{channels:',
    });
    await expectRefused(res, 400, /not valid JSON/);
  });

  it('saves part of the settings and keeps the rest', async () => {
    const res = await svc.put('/api/bot/config', {
      channels: ['#Admin', 'admin', 'retro_evenings'],
      factSettings: { prefix: 'Fun fact:' },
    });
    expect(res.status).toBe(200);
    const { config } = (await res.json()) as { config: Record<string, unknown> };
    expect(config).toMatchObject({
      channels: ['admin', 'retro_evenings'],
      prefix: '!',
      factSettings: { prefix: 'Fun fact:', cooldownSeconds: 15 },
    });
    expect((await botRowCounts(svc)).bot_config).toBe(1);
  });
});

describe('custom commands', () => {
  it('creates a command and refuses the same name again with a 409', async () => {
    const res = await svc.post('/api/bot/commands', { name: 'Discord', response: 'Join us!' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      command: { name: 'discord', permission: 'everyone', useCount: 0, enabled: true },
    });
    const before = await botRowCounts(svc);
    await expectRefused(
      await svc.post('/api/bot/commands', { name: 'discord', response: 'again' }),
      409,
      /"discord" already exists/,
    );
    expect(await botRowCounts(svc)).toEqual(before);
  });

  it.each([
    [{ response: 'x' }, /name: /],
    [{ name: 'uptime', response: 'x' }, /built-in command/],
    [{ name: 'two words', response: 'x' }, /1-30 characters/],
    [{ name: 'ok', response: '' }, /response must not be empty/],
    [{ name: 'ok', response: 'y'.repeat(501) }, /longer than 500/],
    [{ name: 'ok', response: 'x', permission: 'owner' }, /permission must be one of/],
    [{ name: 'ok', response: 'x', globalCooldownSeconds: -1 }, /globalCooldownSeconds/],
    [{ name: 'ok', response: 'x', userCooldownSeconds: 86_401 }, /at most 86400/],
    [{ name: 'ok', response: 'x', useCount: 5 }, /Unrecognized key/],
  ])('refuses %j with a 400 and writes nothing', async (body, message) => {
    const before = await botRowCounts(svc);
    await expectRefused(await svc.post('/api/bot/commands', body), 400, message);
    expect(await botRowCounts(svc)).toEqual(before);
  });

  it('updates, renames, lists and deletes commands', async () => {
    await svc.post('/api/bot/commands', { name: 'lurk', response: 'bye' });
    const res = await svc.put('/api/bot/commands/LURK', { name: 'afk', userCooldownSeconds: 30 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ command: { name: 'afk', userCooldownSeconds: 30 } });
    await expectRefused(await svc.put('/api/bot/commands/afk', { name: 'discord' }), 409, /exists/);
    await expectRefused(
      await svc.put('/api/bot/commands/nope', { response: 'x' }),
      404,
      /no command "nope"/,
    );
    await expectRefused(await svc.put('/api/bot/commands/afk', { response: ' ' }), 400, /empty/);
    const list = (await (await svc.get('/api/bot/commands')).json()) as {
      commands: { name: string }[];
    };
    expect(list.commands.map((c) => c.name)).toEqual(['afk', 'discord']);
    expect((await svc.del('/api/bot/commands/afk')).status).toBe(204);
    await expectRefused(await svc.del('/api/bot/commands/afk'), 404, /no command/);
  });
});

describe('timers', () => {
  it('creates, updates and deletes a timer, and refuses bad ones writing nothing', async () => {
    const res = await svc.post('/api/bot/timers', {
      name: 'socials',
      message: 'Follow on socials!',
      intervalMinutes: 15,
    });
    expect(res.status).toBe(201);
    const { timer } = (await res.json()) as { timer: { id: string; minChatLines: number } };
    expect(timer.minChatLines).toBe(5);
    const before = await botRowCounts(svc);
    for (const [body, status, message] of [
      [{ name: 'socials', message: 'x', intervalMinutes: 5 }, 409, /"socials" already exists/],
      [{ name: 'b', message: 'x', intervalMinutes: 0 }, 400, /intervalMinutes is at least 1/],
      [{ name: 'b', message: 'x', intervalMinutes: 2000 }, 400, /at most 1440/],
      [{ name: 'b', message: 'x', intervalMinutes: 5, minChatLines: -1 }, 400, /minChatLines/],
      [{ name: 'b', message: 'z'.repeat(501), intervalMinutes: 5 }, 400, /longer than 500/],
      [{ name: 'b', intervalMinutes: 5 }, 400, /message/],
    ] as const) {
      await expectRefused(await svc.post('/api/bot/timers', body), status, message);
    }
    expect(await botRowCounts(svc)).toEqual(before);
    const updated = await svc.put(`/api/bot/timers/${timer.id}`, { minChatLines: 0 });
    expect(await updated.json()).toMatchObject({ timer: { minChatLines: 0 } });
    await expectRefused(await svc.put('/api/bot/timers/123', { minChatLines: 1 }), 404, /no timer/);
    expect((await svc.del(`/api/bot/timers/${timer.id}`)).status).toBe(204);
    expect(await (await svc.get('/api/bot/timers')).json()).toEqual({ timers: [] });
  });
});

describe('POST /api/bot/command', () => {
  it('answers !fact at once while the slow model refills the pool, one generation at a time', async () => {
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => run('!fact')));
    expect(Date.now() - started).toBeLessThan(MODEL_DELAY_MS);
    for (const a of answers) {
      expect(a).toMatchObject({ command: 'fact', channel: 'admin', posted: false });
      // Nothing stored yet: each comes from the built-in collection, with the fact prefix.
      expect(BUILTIN_FACTS).toContain(a.reply?.replace(/^Fun fact: /, ''));
    }
    expect(standIn.requests.length).toBeLessThanOrEqual(1);
    await eventually(async () => {
      if (svc.service.commands.pool.size() < 2) throw new Error('pool not full yet');
    }, 15_000);
    expect(standIn.requests).toHaveLength(2);

    const t0 = Date.now();
    const pooled = await run('fact');
    expect(Date.now() - t0).toBeLessThan(500);
    expect(pooled.reply).toMatch(/^Fun fact: The stand-in model wrote fact number [12]\.$/);
  });

  it('holds !fact for its cooldowns for viewers but not for the broadcaster', async () => {
    const first = await run('!fact', viewer('viewer_one'));
    expect(first.reply).not.toBeNull();
    const held = await run('!fact', viewer('viewer_two'));
    expect(held).toEqual({
      command: 'fact',
      reply: null,
      refused: 'cooldown',
      channel: 'admin',
      posted: false,
    });
    expect((await run('!fact')).reply).not.toBeNull();
  });

  it('renders a custom command template and counts its uses', async () => {
    await svc.post('/api/bot/commands', {
      name: 'hug',
      response: '{user} hugs {touser} (hug #{count}) in {channel}, {random:7-7}/10 {link}',
    });
    const one = await run('!HUG @Nova', viewer('pixel_pete'));
    expect(one.reply).toBe('pixel_pete hugs Nova (hug #1) in admin, 7/10 {link}');
    const two = await run('!hug', viewer('nova'));
    expect(two.reply).toBe('nova hugs nova (hug #2) in admin, 7/10 {link}');
    const list = (await (await svc.get('/api/bot/commands')).json()) as {
      commands: { name: string; useCount: number }[];
    };
    expect(list.commands.find((c) => c.name === 'hug')?.useCount).toBe(2);
  });

  it('keeps a command to its permission level, silently', async () => {
    await svc.post('/api/bot/commands', {
      name: 'so',
      response: 'Go follow {touser}!',
      permission: 'moderator',
    });
    for (const role of ['everyone', 'subscriber', 'vip']) {
      expect(await run('!so @friend', { login: 'someone', role })).toMatchObject({
        command: 'so',
        reply: null,
        refused: 'permission',
      });
    }
    expect((await run('!so @friend', { login: 'a_mod', role: 'moderator' })).reply).toBe(
      'Go follow friend!',
    );
  });

  it('holds a command for its global and per-user cooldowns; moderators pass', async () => {
    await svc.post('/api/bot/commands', {
      name: 'dice',
      response: '{user} rolls {random:1-6}',
      globalCooldownSeconds: 60,
    });
    await svc.post('/api/bot/commands', {
      name: 'wave',
      response: '{user} waves',
      userCooldownSeconds: 60,
    });
    expect((await run('!dice', viewer('ann'))).reply).toMatch(/^ann rolls [1-6]$/);
    expect((await run('!dice', viewer('bob'))).refused).toBe('cooldown');
    expect((await run('!dice', { login: 'mod', role: 'moderator' })).reply).toMatch(/^mod rolls/);
    expect((await run('!wave', viewer('ann'))).reply).toBe('ann waves');
    expect((await run('!wave', viewer('ann'))).refused).toBe('cooldown');
    expect((await run('!wave', viewer('bob'))).reply).toBe('bob waves');
  });

  it('says which commands a viewer may use, and refuses unknown and switched-off ones', async () => {
    const list = await run('!commands', viewer('carol'));
    expect(list.reply).toMatch(/^Commands: !fact, !commands, !uptime, .*!hug/);
    expect(list.reply).not.toMatch(/!so(,|$)/);
    // !skip is for moderators: a viewer's list leaves it out.
    expect(list.reply).not.toContain('!skip');
    expect((await run('!nothing', viewer('carol'))).refused).toBe('unknown');
    await svc.put('/api/bot/config', { builtinCommands: { uptime: false } });
    expect(await run('!uptime')).toMatchObject({ command: 'uptime', refused: 'disabled' });
    await svc.put('/api/bot/commands/wave', { enabled: false });
    expect((await run('!wave', viewer('dave'))).refused).toBe('disabled');
    await svc.put('/api/bot/config', { builtinCommands: { uptime: true } });
    expect((await run('!uptime')).reply).toMatch(/not connected to #admin/);
  });

  it('runs in another of the bot channels when asked, and refuses channels it does not have', async () => {
    expect(
      (await svc.post('/api/bot/command', { text: '!hug', channel: '#Retro_Evenings' })).status,
    ).toBe(200);
    const before = await botRowCounts(svc);
    await expectRefused(
      await svc.post('/api/bot/command', { text: '!hug', channel: 'elsewhere' }),
      400,
      /"elsewhere" is not one of the bot's channels/,
    );
    await expectRefused(
      await svc.post('/api/bot/command', { text: '  ' }),
      400,
      /text must not be empty/,
    );
    await expectRefused(
      await svc.post('/api/bot/command', { text: '!hug', as: { login: 'x', role: 'king' } }),
      400,
      /permission must be one of/,
    );
    expect(await botRowCounts(svc)).toEqual(before);
  });

  it('publishes command.run for every answered command, and none for a refusal', async () => {
    const runs = await eventually(async () => {
      const found = seen.filter((e) => e.subject === events.commandRun.subject);
      if (!found.some((e) => (e.envelope.data as { command: string }).command === 'hug')) {
        throw new Error('no command.run for hug yet');
      }
      return found.map((e) => e.envelope.data as Record<string, string>);
    });
    expect(runs).toContainEqual({
      platform: 'twitch',
      channel: 'admin',
      command: 'hug',
      chatter: 'pixel_pete',
      via: 'api',
    });
    expect(runs).toContainEqual(
      expect.objectContaining({ command: 'fact', chatter: TEST_USERNAME }),
    );
    const refusedSo = runs.filter((r) => r.command === 'so');
    expect(refusedSo).toEqual([expect.objectContaining({ chatter: 'a_mod' })]);
  });
});
