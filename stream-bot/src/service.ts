// The composition of stream-bot: on the frame every service shares (database,
// bus, outbox relay, HTTP listener) its fact store, its queries and its HTTP
// app. Used by main.ts and by tests that run the service in-process.
import { fileURLToPath } from 'node:url';
import { events, queries, startQueryService } from '@homelab/nats';
import {
  announceStart,
  composeService,
  type ClientAdapter,
  type Logger,
  type ServiceParts,
} from '@homelab/nats/runtime';
import { createLoginThrottle, createSecretBox } from '@homelab/nats/web';
import { createTwitchOAuth } from './auth/twitch-oauth.ts';
import { aiConfigured, twitchMissing, type Config } from './config.ts';
import { startChatLog, type ChatLog } from './analytics/chat-log.ts';
import { createChatConnector, type ChatConnector } from './chat/chat-connector.ts';
import { createBotCommands, presenceOf, type BotCommands } from './commands/bot-commands.ts';
import type { Clock } from './commands/cooldowns.ts';
import { createBotConfigStore } from './db/bot-config-store.ts';
import { personalityAvailability } from './personality/availability.ts';
import { createFactStore } from './db/fact-store.ts';
import { createSessionStore } from './db/session-store.ts';
import { createUserStore } from './db/user-store.ts';
import { createFactService } from './domain/facts.ts';
import { createQueryHandlers } from './events/queries.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { startPersonality } from './personality/start-personality.ts';
import { createApp } from './http/app.ts';
import { createOpenAiFactGenerator } from './openai/openai-fact-generator.ts';
import { createSpotifyFeature, type SpotifyFeature } from './spotify/spotify.ts';
import { spotifyRoutes } from './spotify/spotify.routes.ts';
import type { ReaderTiming } from './youtube/chat-reader.ts';
import { createYouTube, type YouTube } from './youtube/youtube.ts';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningService {
  url: string;
  instanceId: string;
  /** Every route of the HTTP app (tests check each /api one needs a session). */
  routes: { method: string; path: string }[];
  /** The chat log's recorder (a ChatListener) and its roll-up/retention job. */
  chatLog: Pick<ChatLog, 'recorder' | 'job'>;
  /** Every user's Twitch chat bot: listeners, sender, statuses. */
  chat: ChatConnector;
  /** Chat commands: the engine, the !fact pool and the timers. */
  commands: BotCommands;
  /** YouTube live chat readers. */
  youtube: YouTube['chat'];
  /** Spotify: accounts, song requests, the now-playing poll. */
  spotify: SpotifyFeature;
  /** Stops accepting requests, stops relay and queries, drains NATS, closes the database. */
  stop(): Promise<void>;
}

/** For tests: the clock the command cooldowns and timers read. */
export interface ServiceOptions {
  clock?: Clock;
  /** For tests: between two Spotify now-playing polls while a track plays. */
  spotifyPollMs?: number;
  /** For tests: the YouTube reader's floors and intervals. */
  youtubeTiming?: Partial<ReaderTiming>;
}

export function startService(
  config: Config,
  logger?: Logger,
  options: ServiceOptions = {},
): Promise<RunningService> {
  const createClient = (adapter: ClientAdapter) => new PrismaClient({ adapter });
  return composeService({ owner: 'streambot', config, logger, createClient }, (parts) =>
    buildStreamBot(config, parts, options),
  );
}

async function buildStreamBot(
  config: Config,
  parts: ServiceParts<PrismaClient>,
  options: ServiceOptions,
) {
  const { log, defer, db, nc, status, serve } = parts;
  const store = createFactStore(db);
  const botConfigs = createBotConfigStore(db);
  const chatLog = startChatLog({
    settings: config.chatLog,
    sql: db.sql,
    logger: log,
    defer,
    prefixOf: async (ownerId) => (await botConfigs.get(ownerId)).prefix,
  });
  const box = config.twitch.tokenKey ? createSecretBox(config.twitch.tokenKey) : undefined;
  const users = createUserStore(db, box);
  // Built here so features can register listeners; it connects only at chat.start() below.
  const chat = createChatConnector({ twitch: config.twitch, users, configs: botConfigs, db, log });
  chat.addListener(chatLog.recorder.listener);
  // YouTube live chat: readers attach to the chat connector as the 'youtube' platform.
  const youtube = createYouTube({
    config: config.youtube,
    db,
    chat,
    log,
    timing: options.youtubeTiming,
  });
  const handlers = createQueryHandlers(store, () => new Date(), chatLog.reads, chat);
  const queryService = await startQueryService(nc, {
    service: 'streambot',
    version: config.version,
    description: 'stream-bot: chat facts and bot status',
    logger: log.child({ component: 'queries' }),
    handlers: {
      [queries.factsLatest.subject]: handlers.factsLatest,
      [queries.factsRandom.subject]: handlers.factsRandom,
      [queries.factsPage.subject]: handlers.factsPage,
      [queries.botStatus.subject]: handlers.botStatus,
      [queries.analyticsSummary.subject]: handlers.analyticsSummary,
    },
  });
  defer(() => queryService.stop());

  const instanceId = await announceStart(db.sql, events.streambotServiceStarted, config.version);
  const ai = aiConfigured(config.openai);
  const generator = ai ? createOpenAiFactGenerator(config.openai) : undefined;
  const facts = createFactService(store, { generator, budgetMs: config.openai.factsTimeoutMs });
  // Spotify: !song, !sr and !skip, connected accounts and the now-playing poll.
  const spotify = createSpotifyFeature({
    config: config.spotify,
    db,
    configs: botConfigs,
    sessionGapMinutes: config.chatLog.sessionGapMinutes,
    log,
    pollMs: options.spotifyPollMs,
  });
  const commands = createBotCommands({
    songs: spotify.songs,
    store: botConfigs,
    facts,
    factPoolSize: config.commands.factPoolSize,
    presence: presenceOf(chat),
    sender: chat.sender,
    logger: log,
    clock: options.clock,
  });
  chat.addListener(commands.listener);
  const personality = startPersonality({
    openai: config.openai,
    chat: config.chat,
    configs: botConfigs,
    connector: {
      addListener: (listener) => chat.addListener(listener),
      sender: chat.sender,
      botLoginOf: (ownerId, platform) =>
        platform === 'youtube'
          ? youtube.channelTitleOf(ownerId)
          : chat.status(ownerId).then((s) => s.botLogin),
    },
    log,
  });
  defer(() => personality.stop());
  commands.start();
  defer(() => commands.stop());
  const sessions = createSessionStore(db, { ttlMs: config.web.sessionTtlHours * 3_600_000 });
  const pruneSessions = () =>
    sessions.prune().catch((err: unknown) => log.warn({ err }, 'pruning expired sessions failed'));
  await pruneSessions();
  const pruneTimer = setInterval(() => void pruneSessions(), 3_600_000).unref();
  defer(async () => clearInterval(pruneTimer));
  const auth = {
    users,
    sessions,
    throttle: createLoginThrottle(),
    publicUrl: config.web.publicUrl,
    local: { username: config.web.username, password: config.web.password },
    twitchMissing: twitchMissing(config.twitch),
    twitch: twitchOAuth(config),
    log: log.child({ component: 'auth' }),
    onTwitchLogin: (userId: string) => chat.reload(userId),
  };
  const analytics = {
    analytics: chatLog.analytics,
    channelsOf: async (userId: string) => (await botConfigs.get(userId)).channels,
    youtubeChannelOf: (userId: string) => youtube.channelOf(userId),
  };
  const bot = {
    configs: botConfigs,
    commands,
    ai: { configured: ai, personality: personalityAvailability(config.openai, config.chat) },
    logger: log,
  };
  const app = createApp({
    logger: log,
    facts,
    webRoot: WEB_ROOT,
    status,
    auth,
    analytics,
    chat,
    bot,
    spotify: spotifyRoutes({ feature: spotify, sessions, publicUrl: config.web.publicUrl, log }),
    youtube: youtube.routes({ sessions, publicUrl: config.web.publicUrl }),
  });
  const url = await serve(app);
  await chat.start();
  defer(() => chat.stop());
  await spotify.start();
  defer(async () => spotify.stop());
  await youtube.chat.start();
  defer(() => youtube.chat.stop());
  log.info(
    { url, instanceId, facts: ai ? `ai (${config.openai.factsModel})` : 'built-in collection' },
    'stream-bot is up',
  );
  return {
    url,
    instanceId,
    routes: app.routes.map(({ method, path }) => ({ method, path })),
    chatLog: { recorder: chatLog.recorder, job: chatLog.job },
    chat,
    commands,
    youtube: youtube.chat,
    spotify,
  };
}

/** The Twitch login flow, when its variables are all set. */
function twitchOAuth(config: Config) {
  const { clientId, clientSecret, tokenKey } = config.twitch;
  if (clientId === undefined || clientSecret === undefined || tokenKey === undefined)
    return undefined;
  return createTwitchOAuth({ ...config.twitch, clientId, clientSecret });
}
