// The bot personality end to end: a viewer's mention goes through the local
// Twitch stand-in and the real @twurple/chat into the running service, the
// answer comes from the real openai SDK talking to the OpenAI stand-in, and
// the reply is read back off the Twitch stand-in — while a command asked at
// the same time is answered without waiting for the model.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import type { BotStatus } from '../src/chat/bot-status.ts';
import { createTwitchUser, onDatabase, twitchEnv, type ChatUser } from './chat-setup.ts';
import { startTestService, type TestService } from './harness.ts';

const KEY = 'sk-personality-e2e';
const PERSONA = 'Polly, the channel parrot, who answers in sailor talk.';

let twitch: TwitchStandIn;
let openai: OpenAiStandIn;
let svc: TestService;
let owner: ChatUser;

beforeAll(async () => {
  twitch = await startTwitchStandIn();
  openai = await startOpenAiStandIn({ apiKey: KEY });
  svc = await startTestService({
    ...twitchEnv(twitch),
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: openai.baseUrl,
  });
  owner = await createTwitchUser(svc, twitch, { login: 'parrot_tv', userId: '7001' });
  expect((await owner.post('/api/bot/connect')).status).toBe(200);
  await eventually(async () => {
    const status = (await (await owner.get('/api/bot/status')).json()) as BotStatus;
    if (status.state !== 'connected') throw new Error(`bot is ${status.state}`);
  }, 10_000);
  await onDatabase(svc, 'UPDATE bot_config SET personality = $2::jsonb WHERE user_id = $1::uuid', [
    owner.id,
    JSON.stringify({ enabledChannels: ['parrot_tv'], persona: PERSONA, model: 'gpt-4o-mini' }),
  ]);
  return async () => {
    await svc.stop();
    await openai.close();
    await twitch.close();
  };
});
afterAll(() => vi.unstubAllEnvs());

// One mention per test file: the channel cap allows one answer per 10 s in a channel.
it('answers a mention in persona as a reply, and a command asked meanwhile at once', async () => {
  openai.setDefault((_n, req) =>
    req.messages[0]?.content.includes('Polly')
      ? { content: 'Squawk! Ahoy there!', delayMs: 3_000 }
      : 'Who am I?',
  );
  const started = Date.now();
  const messageId = twitch.viewerSays('parrot_tv', {
    login: 'ada_l',
    text: 'hey @Parrot_TV, how are you?',
  });
  twitch.viewerSays('parrot_tv', { login: 'cy_c', text: '!commands' });

  const commandReply = await twitch.waitForBotMessage(
    'parrot_tv',
    (m) => !m.text.startsWith('@ada_l'),
    10_000,
  );
  const commandAfterMs = Date.now() - started;
  const reply = await twitch.waitForBotMessage(
    'parrot_tv',
    (m) => m.text.startsWith('@ada_l'),
    10_000,
  );
  expect(commandReply.text).toMatch(/!fact/);
  expect(commandAfterMs).toBeLessThan(2_500);
  expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);

  expect(reply).toMatchObject({
    login: 'parrot_tv',
    text: '@ada_l Squawk! Ahoy there!',
    replyTo: messageId,
  });
  // The fact pool asks the same server for facts; the personality's request is the persona one.
  const asked = openai.requests.filter((r) => r.messages[0]?.content.includes('Polly'));
  expect(asked).toHaveLength(1);
  const request = asked[0];
  expect(request?.model).toBe('gpt-4o-mini');
  expect(request?.messages[0]?.content).toContain(PERSONA);
  expect(request?.messages[0]?.content).toContain('#parrot_tv');
  expect(request?.messages[1]?.content).toBe('ada_l: hey @Parrot_TV, how are you?');
  expect(openai.moderationRequests.map((r) => r.input)).toEqual([
    'hey @Parrot_TV, how are you?',
    '@ada_l Squawk! Ahoy there!',
  ]);
});
