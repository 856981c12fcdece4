// Commands in chat: the real @twurple/chat bot against the local Twitch
// stand-in, on the real service (Postgres, NATS). A viewer's !fact gets an
// answer, a mod-only command stays silent for a viewer, and a timer posts in
// an active chat but not in a quiet one (the service runs on a test clock).
import { events, type SubscribedEvent } from '@homelab/nats';
import { afterAll, expect, it, vi } from 'vitest';
import { eventually, serviceHarness, watchEvents } from '../../tools/test-env/service-harness.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import type { IncomingChatMessage } from '../src/chat/types.ts';
import { loadConfig } from '../src/config.ts';
import { BUILTIN_FACTS } from '../src/domain/builtin-facts.ts';
import { startService } from '../src/service.ts';
import { createTwitchUser, twitchEnv, type ChatUser } from './chat-setup.ts';
import type { TestService } from './harness.ts';

let offset = 0;
const clock = { now: () => Date.now() + offset };
const { startTestService } = serviceHarness({
  user: 'streambot',
  start: (env) => startService(loadConfig(env), undefined, { clock }),
});

const CHANNEL = 'bob_streams';
let standIn: TwitchStandIn;
let svc: TestService;
let bob: ChatUser;
const heard: IncomingChatMessage[] = [];
const seen: SubscribedEvent[] = [];
let stopEvents: (() => Promise<void>) | undefined;

afterAll(async () => {
  await stopEvents?.();
  await svc?.stop();
  await standIn?.close();
  vi.unstubAllEnvs();
});

/** Waits until the bot has read every line a viewer typed so far. */
async function allRead(lines: number) {
  await eventually(async () => {
    if (heard.filter((m) => !m.self).length < lines) throw new Error('lines not read yet');
  });
}

/** Bot lines in the channel that are not answers to commands (timers). */
const botTexts = () => standIn.botMessages(CHANNEL).map((m) => m.text);

it('starts a Twitch user’s bot in their channel', async () => {
  standIn = await startTwitchStandIn();
  svc = (await startTestService(twitchEnv(standIn))) as TestService;
  svc.service.chat.addListener((m) => void heard.push(m));
  const watch = await watchEvents('STREAMBOT_EVENTS', seen);
  stopEvents = () => watch.stop();
  bob = await createTwitchUser(svc, standIn, { login: CHANNEL, userId: '7001' });
  expect((await bob.post('/api/bot/connect')).status).toBe(200);
  await eventually(async () => {
    if (!svc.service.chat.isJoined(bob.id, CHANNEL)) throw new Error('not joined yet');
  });
});

it('answers a viewer’s !fact in chat', async () => {
  standIn.viewerSays(CHANNEL, { login: 'viewer_vee', text: '!fact' });
  const reply = await standIn.waitForBotMessage(CHANNEL, () => true, 10_000);
  expect(reply.login).toBe(CHANNEL);
  expect(BUILTIN_FACTS).toContain(reply.text);
  standIn.viewerSays(CHANNEL, { login: 'viewer_vee', text: '!uptime' });
  const uptime = await standIn.waitForBotMessage(CHANNEL, (m) => m.text.includes('#'), 10_000);
  // The reply does not wait for its event, so !uptime's command.run may be stored first.
  const run = await eventually(async () => {
    const e = seen.find(
      (x) =>
        x.subject === events.commandRun.subject &&
        (x.envelope.data as { command?: string }).command === 'fact',
    );
    if (!e) throw new Error('no command.run for !fact yet');
    return e.envelope.data;
  });
  expect(run).toEqual({
    platform: 'twitch',
    channel: CHANNEL,
    command: 'fact',
    chatter: 'viewer_vee',
    via: 'chat',
  });
  expect(uptime.text).toMatch(/^The bot has been connected to #bob_streams for \d+s\.$/);
});

it('stays silent when a viewer runs a mod-only command, and answers a moderator', async () => {
  const res = await bob.post('/api/bot/commands', {
    name: 'clip',
    response: 'Clip saved by {user}!',
    permission: 'moderator',
  });
  expect(res.status).toBe(201);
  standIn.viewerSays(CHANNEL, { login: 'viewer_vee', displayName: 'Viewer_Vee', text: '!clip' });
  standIn.viewerSays(CHANNEL, {
    login: 'mod_mia',
    displayName: 'Mod_Mia',
    text: '!CLIP',
    badges: ['moderator/1'],
  });
  await standIn.waitForBotMessage(CHANNEL, (m) => m.text.startsWith('Clip saved'), 10_000);
  expect(botTexts().filter((t) => t.startsWith('Clip saved'))).toEqual(['Clip saved by Mod_Mia!']);
});

it('posts the answer of a command run from the API in the channel the bot is in', async () => {
  const res = await bob.post('/api/bot/command', { text: '!clip' });
  expect(await res.json()).toMatchObject({
    command: 'clip',
    reply: `Clip saved by ${CHANNEL}!`,
    channel: CHANNEL,
    posted: true,
  });
  await standIn.waitForBotMessage(CHANNEL, (m) => m.text === `Clip saved by ${CHANNEL}!`, 10_000);
});

it('posts a timer in an active chat and not in a quiet one', async () => {
  const res = await bob.post('/api/bot/timers', {
    name: 'socials',
    message: 'Follow bob on socials!',
    intervalMinutes: 5,
    minChatLines: 3,
  });
  expect(res.status).toBe(201);
  const timers = svc.service.commands.timers;
  await timers.tick(); // the timer starts counting here
  const posts = () => botTexts().filter((t) => t === 'Follow bob on socials!').length;

  offset += 4 * 60_000;
  for (const text of ['hi', 'hello', 'o/']) standIn.viewerSays(CHANNEL, { login: 'lurker', text });
  await allRead(7);
  await timers.tick();
  expect(posts()).toBe(0); // active, but the interval is not over

  offset += 60_000;
  await timers.tick();
  await standIn.waitForBotMessage(CHANNEL, (m) => m.text === 'Follow bob on socials!', 10_000);
  expect(posts()).toBe(1);

  // A whole interval of quiet chat: nothing more.
  offset += 5 * 60_000;
  await timers.tick();
  standIn.viewerSays(CHANNEL, { login: 'lurker', text: 'still here' });
  await allRead(8);
  offset += 5 * 60_000;
  await timers.tick();
  await new Promise((r) => setTimeout(r, 1500));
  expect(posts()).toBe(1);
});
