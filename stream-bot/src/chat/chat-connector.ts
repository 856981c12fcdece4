// Runs one Twitch chat bot per user whose bot is enabled, as that user's
// Twitch account, and is the chat side's single entry point: features register
// ChatListeners and answer through `sender`; the HTTP layer reads statuses and
// connects or disconnects; config changes are applied live (join/part).
//
// Token validation: twurple validates every token at id.twitch.tv/oauth2/validate
// and refreshes at …/token, whatever TWITCH_AUTH_URL says. The only switch the
// library has is the TWURPLE_MOCK_API_PORT environment variable (it then calls
// http://localhost:<port>/auth/…); tests and the bench set it to the local
// stand-in's port, and config.ts reads it so a start-up log line shows it.
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { BotSettings } from '../bot/settings.ts';
import type { SessionUser, TwitchTokens } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';
import { sameStatus, summarize, type BotStatus, type BotStatusSummary } from './bot-status.ts';
import { chatTarget } from './chat-url.ts';
import { createPacer } from './pacer.ts';
import { createStatusEvents } from './status-events.ts';
import { createTwitchBot, type BotLevel, type TwitchBot } from './twitch-bot.ts';
import type { ChatListener, ChatSender, IncomingChatMessage, Platform } from './types.ts';

/** How a sibling connector (YouTube) posts a line for the owner's bot on its platform. */
export type PlatformSay = (
  ownerId: string,
  channel: string,
  text: string,
  replyTo?: string,
) => Promise<void>;

/** The parts of the user store the connector uses. */
export interface ChatUsers {
  byId(id: string): Promise<SessionUser | null>;
  twitchTokens(userId: string): Promise<TwitchTokens | null>;
  saveTwitchTokens(userId: string, tokens: TwitchTokens): Promise<void>;
}

/** The parts of the bot config store the connector uses. */
export interface ChatConfigs {
  get(userId: string): Promise<BotSettings>;
  update(userId: string, patch: { enabled: boolean }): Promise<BotSettings>;
  enabledBots(): Promise<BotSettings[]>;
  onChange(listener: (userId: string, what: string) => void): () => void;
}

export interface ChatConnectorDeps {
  twitch: {
    clientId: string | undefined;
    clientSecret: string | undefined;
    chatUrl: string;
    botLevel: BotLevel;
    /** TWITCH_AUTH_URL, only to warn when twurple would validate tokens elsewhere. */
    authUrl?: string;
    /** TWURPLE_MOCK_API_PORT as config.ts read it (twurple reads the variable itself). */
    mockApiPort?: number;
  };
  users: ChatUsers;
  configs: ChatConfigs;
  db: { sql: SqlDatabase };
  log: Logger;
}

export interface ChatConnector {
  /** Hears every chat message of every bot; returns a function that stops it. */
  addListener(listener: ChatListener): () => void;
  /**
   * Lets a sibling connector (YouTube) share the listeners and the sender: `say` answers
   * lines of its platform; the returned function hands its messages to every listener.
   */
  attachPlatform(platform: Exclude<Platform, 'twitch'>, say: PlatformSay): ChatListener;
  sender: ChatSender;
  isJoined(ownerId: string, channel: string): boolean;
  status(userId: string): Promise<BotStatus>;
  /**
   * Every status change of one user's bot, and null once when the connector stops (streams
   * end then); returns a function that stops it.
   */
  onStatus(userId: string, listener: (status: BotStatus | null) => void): () => void;
  summary(): BotStatusSummary;
  /** Enables the user's bot and (re)connects it; rejects with the hint when it cannot. */
  connect(userId: string): Promise<BotStatus>;
  disconnect(userId: string): Promise<BotStatus>;
  /** Re-reads the user's settings and tokens and applies them (start, stop, join, part). */
  reload(userId: string): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const CHAT_SCOPES = ['chat:read', 'chat:edit'];

type Readiness =
  { blocked: BotStatus } | { user: SessionUser & { twitchId: string }; tokens: TwitchTokens };

function offline(
  state: 'not_configured' | 'disabled' | 'error',
  hint: string,
  botLogin: string | null,
  lastError: string | null = null,
): BotStatus {
  return { state, botLogin, channels: [], connectedSince: null, lastError, reconnects: 0, hint };
}

export function createChatConnector(deps: ChatConnectorDeps): ChatConnector {
  const { twitch, users, configs, log } = deps;
  const target = chatTarget(twitch.chatUrl);
  const pacer = createPacer();
  const listeners = new Set<ChatListener>();
  const platformSenders = new Map<Platform, PlatformSay>();
  const bots = new Map<string, TwitchBot>();
  const parked = new Map<string, BotStatus>();
  const watchers = new Map<string, Set<(status: BotStatus | null) => void>>();
  const lastSent = new Map<string, BotStatus>();
  const queues = new Map<string, Promise<void>>();
  let unsubscribe: (() => void) | undefined;
  let running = false;

  const summary = () => summarize([...bots.values()].map((bot) => bot.status()));
  const statusEvents = createStatusEvents({ db: deps.db, log, summary });

  function current(userId: string): BotStatus | undefined {
    return bots.get(userId)?.status() ?? parked.get(userId);
  }

  function changed(userId: string) {
    statusEvents.changed();
    const status = current(userId);
    const before = lastSent.get(userId);
    if (!status || (before && sameStatus(before, status))) return;
    lastSent.set(userId, status);
    for (const watcher of watchers.get(userId) ?? []) watcher(status);
  }

  function dispatch(message: IncomingChatMessage) {
    for (const listener of listeners) {
      try {
        const result = listener(message) as unknown;
        if (result instanceof Promise) {
          result.catch((err: unknown) => log.warn({ err }, 'a chat listener failed'));
        }
      } catch (err) {
        log.warn({ err }, 'a chat listener failed');
      }
    }
  }

  /** Why the user's bot cannot run, or the user and tokens to run it with. */
  async function readiness(userId: string, settings: BotSettings): Promise<Readiness> {
    const user = await users.byId(userId);
    const login = user?.twitchId ? user.login : null;
    const missing = [
      ...(twitch.clientId ? [] : ['TWITCH_CLIENT_ID']),
      ...(twitch.clientSecret ? [] : ['TWITCH_CLIENT_SECRET']),
    ];
    if (missing.length > 0) {
      const hint =
        `set ${missing.join(' and ')} (and TOKEN_ENCRYPTION_KEY) for stream-bot, restart it, ` +
        'then log in with Twitch: the bot chats as your Twitch account';
      return { blocked: offline('not_configured', hint, login) };
    }
    if (!user) return { blocked: offline('not_configured', `there is no user ${userId}`, null) };
    if (!user.twitchId) {
      const hint = `log in with Twitch: the local account ${user.login} cannot chat, the bot chats as your Twitch account`;
      return { blocked: offline('not_configured', hint, null) };
    }
    let tokens: TwitchTokens | null;
    try {
      tokens = await users.twitchTokens(userId);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { blocked: offline('not_configured', message, login) };
    }
    if (!tokens) {
      const hint = `log in with Twitch again: no Twitch tokens are stored for ${user.login}`;
      return { blocked: offline('not_configured', hint, login) };
    }
    const lacking = CHAT_SCOPES.filter((s) => !tokens.scopes.includes(s));
    if (lacking.length > 0) {
      const hint = `log in with Twitch again and allow ${lacking.join(' and ')}: the bot needs them to read and write chat`;
      return { blocked: offline('not_configured', hint, login) };
    }
    if (!settings.enabled) {
      return { blocked: offline('disabled', 'press Connect to bring the bot into chat', login) };
    }
    return { user: { ...user, twitchId: user.twitchId }, tokens };
  }

  function stopBot(userId: string) {
    const bot = bots.get(userId);
    if (!bot) return;
    bots.delete(userId);
    bot.stop();
  }

  async function apply(userId: string) {
    if (!running) return;
    const settings = await configs.get(userId);
    const ready = await readiness(userId, settings);
    if (!running) return;
    if ('blocked' in ready) {
      stopBot(userId);
      parked.set(userId, ready.blocked);
      return changed(userId);
    }
    const existing = bots.get(userId);
    if (existing && existing.status().state !== 'error') {
      existing.setChannels(settings.channels);
      return changed(userId);
    }
    stopBot(userId);
    parked.delete(userId);
    const { user, tokens } = ready;
    const bot = createTwitchBot({
      ownerId: userId,
      login: user.login.toLowerCase(),
      twitchId: user.twitchId,
      tokens,
      channels: settings.channels,
      clientId: twitch.clientId ?? '',
      clientSecret: twitch.clientSecret ?? '',
      chat: target,
      botLevel: twitch.botLevel,
      pacer,
      log,
      onTokens: (fresh) => {
        users.saveTwitchTokens(userId, fresh).catch((err: unknown) => {
          log.error({ err, userId }, 'could not store the refreshed Twitch token');
        });
      },
      onMessage: dispatch,
      onStatusChange: () => changed(userId),
    });
    bots.set(userId, bot);
    bot.start();
    changed(userId);
  }

  function reload(userId: string): Promise<void> {
    const previous = queues.get(userId) ?? Promise.resolve();
    const next = previous.then(() =>
      apply(userId).catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        log.error({ err, userId }, 'could not apply the bot settings');
        stopBot(userId);
        parked.set(userId, offline('error', 'press Connect to try again', null, message));
        changed(userId);
      }),
    );
    queues.set(userId, next);
    void next.finally(() => {
      if (queues.get(userId) === next) queues.delete(userId);
    });
    return next;
  }

  async function status(userId: string): Promise<BotStatus> {
    const known = current(userId);
    if (known) return known;
    const ready = await readiness(userId, await configs.get(userId));
    if ('blocked' in ready) return ready.blocked;
    return { ...offline('disabled', 'the chat connector is not running', ready.user.login) };
  }

  return {
    addListener(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    attachPlatform(platform, say) {
      platformSenders.set(platform, say);
      return dispatch;
    },

    sender: {
      async say(platform, ownerId, channel, text, replyTo) {
        if (platform !== 'twitch') {
          const say = platformSenders.get(platform);
          if (!say) throw new DomainError('unavailable', `stream-bot does not chat on ${platform}`);
          return say(ownerId, channel, text, replyTo);
        }
        const bot = bots.get(ownerId);
        if (!bot) {
          const why = parked.get(ownerId)?.hint ?? 'press Connect first';
          throw new DomainError('unavailable', `the bot is not in Twitch chat: ${why}`);
        }
        await bot.say(channel, text, replyTo);
      },
    },

    isJoined: (ownerId, channel) => bots.get(ownerId)?.isJoined(channel) ?? false,
    status,
    summary,

    onStatus(userId, listener) {
      const set = watchers.get(userId) ?? new Set();
      set.add(listener);
      watchers.set(userId, set);
      return () => void set.delete(listener);
    },

    async connect(userId) {
      const ready = await readiness(userId, { ...(await configs.get(userId)), enabled: true });
      if ('blocked' in ready)
        throw new DomainError('conflict', ready.blocked.hint ?? 'cannot connect');
      const existing = bots.get(userId);
      if (existing?.status().state === 'error') stopBot(userId);
      await configs.update(userId, { enabled: true });
      await reload(userId);
      return status(userId);
    },

    async disconnect(userId) {
      await configs.update(userId, { enabled: false });
      await reload(userId);
      return status(userId);
    },

    reload,

    async start() {
      running = true;
      unsubscribe = configs.onChange((userId, what) => {
        if (what === 'settings') void reload(userId);
      });
      const enabled = await configs.enabledBots();
      const tokenChecks = twitch.mockApiPort
        ? `http://localhost:${twitch.mockApiPort}/auth`
        : 'https://id.twitch.tv/oauth2';
      log.info(
        { bots: enabled.length, chat: twitch.chatUrl, tokenChecks },
        'starting the Twitch chat bots',
      );
      if (
        !twitch.mockApiPort &&
        twitch.authUrl &&
        !twitch.authUrl.startsWith('https://id.twitch.tv/')
      ) {
        log.warn(
          { authUrl: twitch.authUrl },
          'TWITCH_AUTH_URL is not Twitch, but the chat library validates tokens at id.twitch.tv; ' +
            'for a local stand-in also set TWURPLE_MOCK_API_PORT to its port',
        );
      }
      await Promise.all(enabled.map((settings) => reload(settings.userId)));
    },

    async stop() {
      running = false;
      unsubscribe?.();
      await Promise.all([...queues.values()]);
      for (const userId of [...bots.keys()]) stopBot(userId);
      await statusEvents.flush();
      for (const set of watchers.values()) for (const watcher of set) watcher(null);
      watchers.clear();
    },
  };
}
