// The chat log fed by a real bot: viewers type in the local Twitch stand-in,
// the real @twurple/chat bot reads them, and the owner finds the lines, their
// commands and the bot's own reply in the chat log and the analytics — while
// another user cannot read that channel.
import { afterAll, expect, it, vi } from 'vitest';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import { createTwitchUser, twitchEnv, type ChatUser } from './chat-setup.ts';
import { startTestService, type TestService } from './harness.ts';

const CHANNEL = 'cora_live';
let standIn: TwitchStandIn;
let svc: TestService;
let cora: ChatUser;

afterAll(async () => {
  await svc?.stop();
  await standIn?.close();
  vi.unstubAllEnvs();
});

interface LoggedJson {
  channel: string;
  chatterLogin: string;
  text: string;
  command: string | null;
  sentAt: string;
}

it('logs what viewers and the bot say in the owner’s channel', async () => {
  standIn = await startTwitchStandIn();
  svc = await startTestService(twitchEnv(standIn));
  cora = await createTwitchUser(svc, standIn, { login: CHANNEL, userId: '8001' });
  expect((await cora.post('/api/bot/connect')).status).toBe(200);
  await eventually(async () => {
    if (!svc.service.chat.isJoined(cora.id, CHANNEL)) throw new Error('not joined yet');
  });

  const lines = Array.from({ length: 20 }, (_, i) => `line ${i} from the stand-in`);
  for (const [i, text] of lines.entries()) {
    standIn.viewerSays(CHANNEL, { login: `viewer_${i % 4}`, text });
  }
  standIn.viewerSays(CHANNEL, { login: 'viewer_0', text: '!fact' });
  const reply = await standIn.waitForBotMessage(CHANNEL, () => true, 10_000);

  const { messages } = await eventually(async () => {
    await svc.service.chatLog.recorder.flush();
    const page = (await (await cora.get('/api/chat/messages?limit=200')).json()) as {
      messages: LoggedJson[];
    };
    if (page.messages.length < 22) throw new Error(`${page.messages.length} lines logged so far`);
    return page;
  });
  // Newest first; lines sent within one millisecond keep the order the bot read them in.
  expect(messages[0]).toMatchObject({ text: reply.text, chatterLogin: CHANNEL, command: null });
  expect(new Set(messages.map((m) => m.text))).toEqual(new Set([reply.text, '!fact', ...lines]));
  const times = messages.map((m) => Date.parse(m.sentAt));
  expect(times).toEqual(times.toSorted((a, b) => b - a));
  expect(messages.find((m) => m.text === '!fact')).toMatchObject({
    chatterLogin: 'viewer_0',
    command: 'fact',
  });
  expect(messages.filter((m) => m.command !== null)).toHaveLength(1);

  const summary = (await (await cora.get('/api/analytics/summary?days=1')).json()) as Record<
    string,
    unknown
  >;
  expect(summary).toMatchObject({
    channels: [CHANNEL],
    messages: 22,
    uniqueChatters: 5,
    commandsRun: 1,
    commandUsage: { fact: 1 },
  });
  const { sessions } = (await (await cora.get('/api/analytics/sessions')).json()) as {
    sessions: { channel: string; live: boolean; messages: number }[];
  };
  expect(sessions).toEqual([
    expect.objectContaining({ channel: CHANNEL, live: true, messages: 22 }),
  ]);
});

it('shows that channel to nobody else', async () => {
  // svc.get is the local admin, whose bot reads no channel.
  const refused = await svc.get(`/api/chat/messages?channel=${CHANNEL}`);
  expect(refused.status).toBe(403);
  const own = (await (await svc.get('/api/chat/messages')).json()) as { messages: unknown[] };
  expect(own.messages).toEqual([]);
  const { sessions } = (await (await cora.get('/api/analytics/sessions')).json()) as {
    sessions: { id: string }[];
  };
  expect((await svc.get(`/api/analytics/sessions/${sessions[0]!.id}`)).status).toBe(404);
});
