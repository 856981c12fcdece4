// The bot personality against the real openai SDK talking to the local
// OpenAI stand-in, with the owner's settings in the real bot-config store on
// a migrated PostgreSQL database. Chat is a sender that keeps what it is
// asked to say; the listener is called the way the chat connector calls it.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openDatabase, type OpenedDatabase } from '@homelab/nats/db';
import { createLogger } from '@homelab/nats/runtime';
import { beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { createServiceDatabase } from '../../tools/test-env/databases.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import type { ChatSender, IncomingChatMessage } from '../src/chat/types.ts';
import { createBotConfigStore, type BotConfigStore } from '../src/db/bot-config-store.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';
import { createPersonality, type PersonalityOptions } from '../src/personality/personality.ts';
import { createPersonalityAi } from '../src/personality/personality-ai.ts';
import { startPersonality } from '../src/personality/start-personality.ts';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const KEY = 'sk-personality';
const BOT = 'snackbot';
const PERSONA = 'Captain Crumb, a pirate parrot who talks like a sailor and loves crackers.';

let db: OpenedDatabase<PrismaClient>;
let store: BotConfigStore;
let standIn: OpenAiStandIn;
let owner: string;

beforeAll(async () => {
  const database = await createServiceDatabase(inject('pgAdminUrl'), 'streambot_persona');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'persona-'));
  db = await openDatabase({
    url: database.url,
    dataDir,
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  store = createBotConfigStore(db);
  owner = (
    await db.prisma.user.create({
      data: { twitchId: '2001', login: 'crumb_tv', displayName: 'Crumb_TV' },
    })
  ).id;
  await store.update(owner, {
    channels: ['crumb_tv', 'quiet_corner'],
    personality: {
      enabledChannels: ['crumb_tv'],
      persona: PERSONA,
      model: 'gpt-4o-mini',
      userCooldownSeconds: 60,
      maxLength: 120,
    },
  });
  standIn = await startOpenAiStandIn({ apiKey: KEY });
  return async () => {
    await standIn.close();
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
});

interface Said {
  ownerId: string;
  channel: string;
  text: string;
  replyTo: string | undefined;
}

function setUp(overrides: Partial<PersonalityOptions> = {}) {
  const said: Said[] = [];
  const logLines: string[] = [];
  const sender: ChatSender = {
    say: (_platform, ownerId, channel, text, replyTo) => {
      said.push({ ownerId, channel, text, replyTo });
      return Promise.resolve();
    },
  };
  const log = createLogger(
    { level: 'debug', service: 'stream-bot', version: 'test' },
    new Writable({
      write: (chunk: Buffer, _e, done) => done(void logLines.push(chunk.toString())),
    }),
  );
  const personality = createPersonality({
    ai: createPersonalityAi({ apiKey: KEY, baseUrl: standIn.baseUrl }),
    settingsOf: (id) => store.get(id),
    botLoginOf: (id) => (id === owner ? BOT : undefined),
    sender,
    log,
    ...overrides,
  });
  return { personality, said, logLines };
}

function message(text: string, over: Partial<IncomingChatMessage> = {}): IncomingChatMessage {
  const login = over.chatterLogin ?? 'ada_l';
  return {
    platform: 'twitch',
    ownerId: owner,
    channel: 'crumb_tv',
    messageId: randomUUID(),
    chatterId: `id-${login}`,
    chatterLogin: login,
    chatterName: login.toUpperCase(),
    text,
    badges: [],
    role: 'everyone',
    sentAt: new Date(),
    self: false,
    ...over,
  };
}

let completionsBefore: number;
let moderationsBefore: number;
beforeEach(() => {
  completionsBefore = standIn.requests.length;
  moderationsBefore = standIn.moderationRequests.length;
  standIn.flagWords([]);
  standIn.failModeration(null);
  // In persona only when the system prompt carries the persona.
  standIn.setDefault((_n, req) =>
    req.messages[0]?.content.includes('Captain Crumb')
      ? 'Arr, ahoy matey! A cracker for your thoughts?'
      : 'I have no idea who I am.',
  );
});
const newCompletions = () => standIn.requests.slice(completionsBefore);
const newModerations = () => standIn.moderationRequests.slice(moderationsBefore);

describe('the bot personality', () => {
  it('answers a mention in an opted-in channel in persona, as a reply to the viewer', async () => {
    const { personality, said } = setUp();
    const mention = message('hey @SnackBot, what is your favourite snack?');
    personality.listener(mention);
    await personality.idle();

    expect(said).toEqual([
      {
        ownerId: owner,
        channel: 'crumb_tv',
        text: '@ADA_L Arr, ahoy matey! A cracker for your thoughts?',
        replyTo: mention.messageId,
      },
    ]);
    const [request] = newCompletions();
    expect(request?.model).toBe('gpt-4o-mini');
    expect(request?.max_tokens).toBeLessThanOrEqual(100);
    const [system, user] = request?.messages ?? [];
    expect(system?.role).toBe('system');
    expect(system?.content).toContain(PERSONA);
    expect(system?.content).toContain('#crumb_tv');
    expect(system?.content).toMatch(/no links/i);
    expect(user).toEqual({
      role: 'user',
      content: 'ADA_L: hey @SnackBot, what is your favourite snack?',
    });
    // Both the viewer's text and the answer went through moderation first.
    expect(newModerations()).toEqual([
      { model: 'omni-moderation-latest', input: 'hey @SnackBot, what is your favourite snack?' },
      { model: 'omni-moderation-latest', input: said[0]?.text },
    ]);
  });

  it('hears the bot named as a word in any case, and ignores everything else', async () => {
    const { personality, said } = setUp({ channelCaps: [] });
    personality.listener(message('SNACKBOT? are you awake', { chatterLogin: 'v1' }));
    personality.listener(message('snackbots are the best', { chatterLogin: 'v2' }));
    personality.listener(message('!fact snackbot', { chatterLogin: 'v3' }));
    personality.listener(message('snackbot says hi', { chatterLogin: BOT, self: true }));
    await personality.idle();
    expect(said.map((s) => s.text)).toEqual(['@V1 Arr, ahoy matey! A cracker for your thoughts?']);
    expect(newCompletions()).toHaveLength(1);
  });

  it('stays silent in a channel that did not opt in', async () => {
    const { personality, said } = setUp();
    personality.listener(message('@snackbot hello?', { channel: 'quiet_corner' }));
    await personality.idle();
    expect(said).toEqual([]);
    expect(newCompletions()).toEqual([]);
    expect(newModerations()).toEqual([]);
  });

  it('does not answer a flagged mention, asks no model, and logs it', async () => {
    standIn.flagWords(['grotbag']);
    const { personality, said, logLines } = setUp();
    personality.listener(message('@snackbot you absolute GROTBAG'));
    await personality.idle();
    expect(said).toEqual([]);
    expect(newCompletions()).toEqual([]);
    expect(newModerations()).toHaveLength(1);
    const flagged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).at(-1);
    expect(flagged).toMatchObject({
      msg: 'personality: mention flagged by moderation; not answered',
      channel: 'crumb_tv',
      chatter: 'ada_l',
      categories: ['harassment'],
    });
  });

  it('does not post an answer that moderation flags', async () => {
    standIn.flagWords(['plank']);
    standIn.answer('Walk the plank, landlubber!');
    const { personality, said } = setUp();
    personality.listener(message('snackbot, tell me a joke'));
    await personality.idle();
    expect(said).toEqual([]);
    expect(newCompletions()).toHaveLength(1);
    expect(newModerations()).toHaveLength(2);
  });

  it('gives no answer when moderation itself fails', async () => {
    standIn.failModeration({ status: 503, message: 'moderation is down' });
    const { personality, said } = setUp();
    personality.listener(message('snackbot hi'));
    await personality.idle();
    expect(said).toEqual([]);
    expect(newCompletions()).toEqual([]);
  });

  it('ignores a second mention of the same viewer within the cooldown', async () => {
    const { personality, said } = setUp({ channelCaps: [] });
    personality.listener(message('@snackbot one'));
    await personality.idle();
    personality.listener(message('@snackbot two'));
    personality.listener(message('@snackbot from someone else', { chatterLogin: 'bob' }));
    await personality.idle();
    expect(said.map((s) => s.text.split(' ')[0])).toEqual(['@ADA_L', '@BOB']);
    expect(newCompletions()).toHaveLength(2);
  });

  it('answers a raid of mentions only as often as the channel cap allows', async () => {
    const { personality, said } = setUp();
    for (let i = 0; i < 30; i += 1) {
      personality.listener(
        message(`@snackbot hi from raider ${i}`, { chatterLogin: `raider${i}` }),
      );
    }
    await personality.idle();
    expect(said).toHaveLength(1);
    expect(newCompletions()).toHaveLength(1);
  });

  it('cuts an over-long answer at a word boundary to the owner’s maximum', async () => {
    const long =
      'Arr! Crackers, biscuits and hardtack are the finest treasure on all the seas '.repeat(5);
    standIn.answer(long);
    const { personality, said } = setUp();
    personality.listener(message('snackbot tell me everything'));
    await personality.idle();
    const text = said[0]?.text ?? '';
    expect(Array.from(text).length).toBeLessThanOrEqual(120);
    expect(text.length).toBeGreaterThan(100);
    expect(text).toMatch(/^@ADA_L Arr! .*[a-z]…$/);
    // What is kept ends where a word of the model's answer ends.
    const kept = text.slice('@ADA_L '.length, -1);
    expect(long.startsWith(`${kept} `)).toBe(true);
  });

  it('never holds up the next listener while the model is slow', async () => {
    standIn.answer({ content: 'Arr, that took a while.', delayMs: 1_500 });
    const { personality, said } = setUp();
    let commandSeenAfterMs = -1;
    const commands = (m: IncomingChatMessage) => {
      if (m.text.startsWith('!')) commandSeenAfterMs = performance.now() - started;
    };
    const started = performance.now();
    // The connector hands each message to every listener in turn.
    for (const m of [message('@snackbot slow one'), message('!fact', { chatterLogin: 'bob' })]) {
      personality.listener(m);
      commands(m);
    }
    const listenerReturnedAfterMs = performance.now() - started;
    expect(listenerReturnedAfterMs).toBeLessThan(100);
    expect(commandSeenAfterMs).toBeGreaterThanOrEqual(0);
    expect(commandSeenAfterMs).toBeLessThan(100);
    expect(said).toEqual([]);
    await personality.idle();
    expect(said.map((s) => s.text)).toEqual(['@ADA_L Arr, that took a while.']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_400);
  });

  it('gives up on a model slower than its time limit and posts nothing', async () => {
    standIn.answer({ content: 'Too late, matey.', delayMs: 2_000 });
    const { personality, said, logLines } = setUp({ timeoutMs: 500 });
    const started = Date.now();
    personality.listener(message('@snackbot quick question'));
    await personality.idle();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(said).toEqual([]);
    expect(logLines.join('')).toContain('no answer in time');
  });

  it('keeps at most two answers in flight and drops mentions beyond a small queue', async () => {
    standIn.setDefault({ content: 'Arr.', delayMs: 300 });
    const { personality, said, logLines } = setUp({ channelCaps: [], maxWaiting: 1 });
    for (let i = 0; i < 6; i += 1) {
      personality.listener(message(`@snackbot ${i}`, { chatterLogin: `viewer${i}` }));
    }
    await personality.idle();
    expect(said).toHaveLength(3);
    expect(logLines.filter((l) => l.includes('one dropped'))).toHaveLength(3);
  });

  it('follows a settings change once the cached settings are invalidated', async () => {
    const { personality, said } = setUp();
    personality.listener(message('@snackbot ahoy', { channel: 'quiet_corner' }));
    await personality.idle();
    expect(said).toEqual([]);
    await store.update(owner, { personality: { enabledChannels: ['crumb_tv', 'quiet_corner'] } });
    personality.invalidate(owner);
    personality.listener(message('@snackbot ahoy', { channel: 'quiet_corner' }));
    await personality.idle();
    expect(said.map((s) => s.channel)).toEqual(['quiet_corner']);
    await store.update(owner, { personality: { enabledChannels: ['crumb_tv'] } });
  });

  it('answers to the names the owner gave it instead of its login', async () => {
    await store.update(owner, { personality: { names: ['Crumb', 'parrot_bot'] } });
    const { personality, said } = setUp({ channelCaps: [] });
    personality.listener(message('@snackbot you there?', { chatterLogin: 'v1' }));
    personality.listener(message('hey crumb, tell me a joke', { chatterLogin: 'v2' }));
    personality.listener(message('@PARROT_BOT ahoy', { chatterLogin: 'v3' }));
    personality.listener(message('crumbs everywhere', { chatterLogin: 'v4' }));
    await personality.idle();
    expect(said.map((s) => s.text.split(' ')[0]).sort()).toEqual(['@V2', '@V3']);
    await store.update(owner, { personality: { names: [] } });
  });

  it('refuses a name that is not a plain word, and keeps the old ones', async () => {
    await expect(
      store.update(owner, { personality: { names: ['crumb', 'two words'] } }),
    ).rejects.toThrow(/letters, digits and underscores/);
    expect((await store.get(owner)).personality.names).toEqual([]);
  });
});

describe('the personality on the chat connector', () => {
  function fakeConnector() {
    const listeners = new Set<(m: IncomingChatMessage) => void>();
    const said: string[] = [];
    return {
      listeners,
      said,
      connector: {
        addListener: (l: (m: IncomingChatMessage) => void) => {
          listeners.add(l);
          return () => void listeners.delete(l);
        },
        sender: {
          say: (_p: string, _o: string, _c: string, text: string) =>
            Promise.resolve(void said.push(text)),
        },
        // The connector answers asynchronously; the listener copes.
        botLoginOf: (id: string) => Promise.resolve(id === owner ? BOT : null),
      },
      dispatch: (m: IncomingChatMessage) => listeners.forEach((l) => l(m)),
    };
  }
  const silent = createLogger({ level: 'silent', service: 'stream-bot', version: 'test' });
  const chat = { modelOverride: undefined, moderation: true, timeoutMs: 5_000 };

  it('stays off without a chat model and says what to set', async () => {
    const fake = fakeConnector();
    const running = startPersonality({
      openai: { apiKey: undefined, baseUrl: undefined },
      chat,
      configs: store,
      connector: fake.connector,
      log: silent,
    });
    expect(running.availability.available).toBe(false);
    expect(running.availability.hint).toMatch(/OPENAI_API_KEY/);
    expect(fake.listeners.size).toBe(0);
    await running.stop();
  });

  it('listens through the connector, follows settings changes at once and stops cleanly', async () => {
    const fake = fakeConnector();
    const running = startPersonality({
      openai: { apiKey: KEY, baseUrl: standIn.baseUrl },
      chat: { ...chat, modelOverride: 'tiny-local-model' },
      configs: store,
      connector: fake.connector,
      log: silent,
    });
    expect(running.availability.available).toBe(true);
    expect(fake.listeners.size).toBe(1);

    fake.dispatch(message('@snackbot ahoy', { channel: 'quiet_corner', chatterLogin: 'p1' }));
    await store.update(owner, { personality: { enabledChannels: ['crumb_tv', 'quiet_corner'] } });
    fake.dispatch(message('@snackbot ahoy again', { channel: 'quiet_corner', chatterLogin: 'p2' }));
    await running.stop();
    expect(fake.listeners.size).toBe(0);
    expect(fake.said).toEqual(['@P2 Arr, ahoy matey! A cracker for your thoughts?']);
    expect(newCompletions().map((r) => r.model)).toEqual(['tiny-local-model']);
    await store.update(owner, { personality: { enabledChannels: ['crumb_tv'] } });
  });
});
