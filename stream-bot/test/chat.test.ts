// stream-bot's chat bots through the real @twurple/chat against the local Twitch
// stand-in, on a real Postgres and nats-server: connecting as the user, the
// status API and its stream, roles, reconnects, token refresh, bad
// credentials, live channel changes and the status events on the bus.
import { events, queries, request, type SubscribedEvent } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, watchEvents } from '../../tools/test-env/service-harness.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import { createSecretBox } from '@homelab/nats/web';
import type { BotStatus } from '../src/chat/bot-status.ts';
import type { IncomingChatMessage } from '../src/chat/types.ts';
import {
  createTwitchUser,
  onDatabase,
  storedTokenColumns,
  TEST_TOKEN_KEY,
  twitchEnv,
  type ChatUser,
} from './chat-setup.ts';
import { freePort } from '../../tools/test-env/mod.ts';
import { startTestService, type TestService } from './harness.ts';

let standIn: TwitchStandIn;
let svc: TestService;
let dashboard: NatsConnection;
const seen: SubscribedEvent[] = [];
const heard: IncomingChatMessage[] = [];

beforeAll(async () => {
  standIn = await startTwitchStandIn();
  // A known port, so the Twitch login's redirect URI (PUBLIC_URL) leads back here.
  const port = await freePort();
  svc = await startTestService({
    ...twitchEnv(standIn),
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  svc.service.chat.addListener((m) => void heard.push(m));
  const watch = await watchEvents('STREAMBOT_EVENTS', seen);
  dashboard = watch.nc;
  return async () => {
    await watch.stop();
    await svc.stop();
    await standIn.close();
  };
});
afterAll(() => vi.unstubAllEnvs());

async function statusOf(user: ChatUser): Promise<BotStatus> {
  const res = await user.get('/api/bot/status');
  expect(res.status).toBe(200);
  return (await res.json()) as BotStatus;
}

async function until(user: ChatUser, check: (s: BotStatus) => boolean, timeoutMs = 10_000) {
  return eventually(async () => {
    const status = await statusOf(user);
    if (!check(status)) throw new Error(`status is ${JSON.stringify(status)}`);
    return status;
  }, timeoutMs);
}

async function connected(login: string, userId: string, expiresIn?: number) {
  const user = await createTwitchUser(svc, standIn, { login, userId, expiresIn });
  expect((await statusOf(user)).state).toBe('disabled');
  const res = await user.post('/api/bot/connect');
  expect(res.status).toBe(200);
  await until(user, (s) => s.state === 'connected' && s.channels.includes(login));
  return user;
}

describe('chat bots against the Twitch stand-in', () => {
  let alice: ChatUser;

  it('connects a Twitch user’s bot as that account and shows it connected in its channel', async () => {
    alice = await connected('alice_streams', '5001');
    const status = await statusOf(alice);
    expect(status).toMatchObject({
      state: 'connected',
      botLogin: 'alice_streams',
      channels: ['alice_streams'],
      lastError: null,
      reconnects: 0,
      hint: null,
    });
    expect(Date.parse(status.connectedSince ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(standIn.joined('alice_streams')).toEqual(['alice_streams']);
  });

  it('hands viewers’ messages to every listener with the role their badges give', async () => {
    svc.service.chat.addListener(() => {
      throw new Error('a broken listener');
    });
    const lines = [
      { login: 'mod_mia', badges: ['moderator/1', 'subscriber/3'], role: 'moderator' },
      { login: 'vip_vic', badges: ['vip/1'], role: 'vip' },
      { login: 'founder_fay', badges: ['founder/0'], role: 'subscriber' },
      { login: 'plain_pat', badges: [], role: 'everyone' },
      { login: 'alice_streams', badges: ['broadcaster/1'], role: 'broadcaster' },
    ];
    for (const line of lines) {
      const id = standIn.viewerSays('alice_streams', { ...line, text: `hi from ${line.login}` });
      const got = await eventually(async () => {
        const m = heard.find((h) => h.messageId === id);
        if (!m) throw new Error('not heard yet');
        return m;
      });
      expect(got).toMatchObject({
        platform: 'twitch',
        ownerId: alice.id,
        channel: 'alice_streams',
        chatterLogin: line.login,
        text: `hi from ${line.login}`,
        badges: line.badges,
        role: line.role,
        // The streamer typing in their own chat is a person, not the bot's echo.
        self: false,
      });
    }
  });

  it('says lines and replies in a joined channel, and hears them back as its own', async () => {
    const id = standIn.viewerSays('alice_streams', { login: 'plain_pat', text: 'question?' });
    await svc.service.chat.sender.say('twitch', alice.id, 'alice_streams', 'an answer', id);
    const said = await standIn.waitForBotMessage('alice_streams', (m) => m.text === 'an answer');
    expect(said).toMatchObject({ login: 'alice_streams', replyTo: id });
    const own = heard.find((m) => m.text === 'an answer');
    expect(own).toMatchObject({ self: true, role: 'broadcaster', chatterLogin: 'alice_streams' });
  });

  it('refuses to say anything where the bot is not, naming where it is', async () => {
    await expect(
      svc.service.chat.sender.say('twitch', alice.id, 'somewhere_else', 'hello'),
    ).rejects.toThrow('the bot is not in #somewhere_else; it is in #alice_streams');
  });

  it('joins and parts channels when the configuration changes', async () => {
    await onDatabase(svc, 'UPDATE bot_config SET channels = $2::text[] WHERE user_id = $1::uuid', [
      alice.id,
      ['alice_streams', 'friend_channel'],
    ]);
    await svc.service.chat.reload(alice.id);
    await until(alice, (s) => s.channels.length === 2);
    expect(standIn.joined('alice_streams')).toEqual(['alice_streams', 'friend_channel']);

    await onDatabase(svc, 'UPDATE bot_config SET channels = $2::text[] WHERE user_id = $1::uuid', [
      alice.id,
      ['alice_streams'],
    ]);
    await svc.service.chat.reload(alice.id);
    await until(alice, (s) => s.channels.length === 1);
    expect(standIn.joined('alice_streams')).toEqual(['alice_streams']);
  });

  it('follows channel changes made through PUT /api/bot/config without reconnecting', async () => {
    const res = await alice.put('/api/bot/config', { channels: ['alice_streams', '#Pal_Channel'] });
    expect(res.status).toBe(200);
    await until(alice, (s) => s.channels.join() === 'alice_streams,pal_channel');
    expect(standIn.joined('alice_streams')).toEqual(['alice_streams', 'pal_channel']);
    expect((await alice.put('/api/bot/config', { channels: ['alice_streams'] })).status).toBe(200);
    const after = await until(alice, (s) => s.channels.join() === 'alice_streams');
    expect(after.reconnects).toBe(0);
  });

  it('reconnects by itself after the server drops it, and rejoins', async () => {
    standIn.refuseConnections(true);
    standIn.dropConnections();
    const down = await until(alice, (s) => s.state === 'reconnecting');
    expect(down).toMatchObject({ channels: [], connectedSince: null, reconnects: 1 });
    expect(down.lastError).toMatch(/the chat connection dropped|reconnecting failed/);
    standIn.refuseConnections(false);
    const up = await until(
      alice,
      (s) => s.state === 'connected' && s.channels.length === 1,
      20_000,
    );
    expect(up).toMatchObject({ channels: ['alice_streams'], reconnects: 1, lastError: null });
    expect(standIn.joined('alice_streams')).toEqual(['alice_streams']);
  });

  it('keeps trying while chat cannot be reached at first, and says so', async () => {
    standIn.refuseConnections(true);
    const erin = await createTwitchUser(svc, standIn, { login: 'erin_explores', userId: '5005' });
    expect((await erin.post('/api/bot/connect')).status).toBe(200);
    const waiting = await until(erin, (s) => s.lastError !== null);
    expect(waiting).toMatchObject({ state: 'connecting', channels: [], connectedSince: null });
    expect(waiting.lastError).toMatch(/could not reach Twitch chat .*; retrying/);
    standIn.refuseConnections(false);
    await until(erin, (s) => s.state === 'connected' && s.channels.length === 1, 20_000);
    expect((await erin.post('/api/bot/disconnect')).status).toBe(200);
  });

  it('refreshes an expired token through /auth/token and stores the new one sealed', async () => {
    const bob = await connected('bob_builds', '5002', 0);
    const stored = await storedTokenColumns(svc, bob.id);
    const box = createSecretBox(Buffer.from(TEST_TOKEN_KEY, 'hex'));
    const access = box.open(stored?.access_token_enc ?? '');
    expect(access).not.toBe(bob.tokens.accessToken);
    expect(stored?.access_token_enc).not.toContain(access);
    expect(box.open(stored?.refresh_token_enc ?? '')).not.toBe(bob.tokens.refreshToken);
    const check = await fetch(`${standIn.authUrl}/validate`, {
      headers: { authorization: `OAuth ${access}` },
    });
    expect(check.status).toBe(200);
  });

  it('shows an error with a clear reason when Twitch refuses the credentials', async () => {
    const carol = await createTwitchUser(svc, standIn, { login: 'carol_codes', userId: '5003' });
    standIn.revokeToken(carol.tokens.accessToken);
    expect((await carol.post('/api/bot/connect')).status).toBe(200);
    const status = await until(carol, (s) => s.state === 'error');
    expect(status.lastError).toMatch(/no valid Twitch token for carol_codes/);
    expect(status.lastError).toMatch(/log in with Twitch again/);
    expect(status.hint).toMatch(/log in with Twitch again/);
  });

  it('starts a bot stuck on a refused token again once its owner logs in with Twitch anew', async () => {
    const fern = await createTwitchUser(svc, standIn, { login: 'fern_paints', userId: '5009' });
    standIn.revokeToken(fern.tokens.accessToken);
    expect((await fern.post('/api/bot/connect')).status).toBe(200);
    await until(fern, (s) => s.state === 'error');

    // The browser's round trip: stream-bot → Twitch's consent → stream-bot's callback.
    standIn.consentAs({ login: 'fern_paints', userId: '5009' });
    const cookies = new Map<string, string>();
    let url = `${svc.service.url}/auth/twitch/login`;
    for (let hops = 0; hops < 10; hops++) {
      const origin = new URL(url).origin;
      const res = await fetch(url, {
        redirect: 'manual',
        headers: cookies.has(origin) ? { cookie: cookies.get(origin)! } : {},
      });
      const set = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
      if (set.length > 0)
        cookies.set(origin, [cookies.get(origin), ...set].filter(Boolean).join('; '));
      const next = res.headers.get('location');
      if (res.status !== 302 || !next) break;
      url = new URL(next, url).toString();
      if (new URL(url).pathname === '/') break;
    }
    expect(new URL(url).pathname).toBe('/');
    await until(fern, (s) => s.state === 'connected' && s.channels.includes('fern_paints'));
    expect((await fern.post('/api/bot/disconnect')).status).toBe(200);
    await until(fern, (s) => s.state === 'disabled');
  });

  it('tells the local account what to do instead of connecting', async () => {
    const res = await svc.get('/api/bot/status');
    expect(await res.json()).toMatchObject({
      state: 'not_configured',
      botLogin: null,
      hint: expect.stringMatching(/log in with Twitch/) as string,
    });
    const refused = await svc.post('/api/bot/connect');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { message: expect.stringMatching(/log in with Twitch/) as string },
    });
  });

  it('pushes status changes on the SSE stream', async () => {
    const dave = await connected('dave_draws', '5004');
    const res = await dave.get('/api/bot/status/stream');
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const statuses: BotStatus[] = [];
    let buffer = '';
    const next = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) return JSON.parse(data.slice(6)) as BotStatus;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += value;
      }
    };
    statuses.push(await next());
    expect(statuses[0]).toMatchObject({ state: 'connected', channels: ['dave_draws'] });
    expect((await dave.post('/api/bot/disconnect')).status).toBe(200);
    let last = await next();
    while (last.state !== 'disabled') last = await next();
    expect(last).toMatchObject({ state: 'disabled', channels: [], botLogin: 'dave_draws' });
    await reader.cancel();
    expect(standIn.joined('dave_draws')).toEqual([]);
  });

  it('answers the bot.status query with every bot together and publishes status events', async () => {
    const status = await request(dashboard, queries.botStatus, {});
    expect(status.connected).toBe(true);
    expect(status.channels).toEqual(['alice_streams', 'bob_builds']);
    expect(Date.parse(status.connectedSince ?? '')).toBeLessThan(Date.now());

    const changes = await eventually(async () => {
      const found = seen.filter((e) => e.subject === events.botStatusChanged.subject);
      const data = found.map((e) => e.envelope.data as { connected: boolean; channels: string[] });
      if (!data.some((d) => d.channels.join() === 'alice_streams,bob_builds')) {
        throw new Error(`status events so far: ${JSON.stringify(data)}`);
      }
      return data;
    });
    expect(changes[0]).toMatchObject({ connected: true });
    // Coalesced: far fewer events than status changes (joins, parts, drops, reconnects).
    expect(changes.length).toBeLessThan(12);
  });
});
