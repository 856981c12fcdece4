// One user's bot in Twitch chat: a @twurple/chat ChatClient logged in as that
// user's Twitch account through a RefreshingAuthProvider fed from the stored
// tokens (refreshed tokens go back through onTokens). It keeps the state the
// UI shows, turns chat lines into IncomingChatMessages, and sends lines with
// Twitch's pacing where the bot is not a moderator.
//
// twurple reconnects by itself after a drop (fibonacci back-off, first retry at
// once) and, because `channels` is a function, rejoins whatever the bot should
// be in at that moment.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@homelab/nats/runtime';
import { RefreshingAuthProvider, type AccessToken } from '@twurple/auth';
import { ChatClient, UserState, type ChatMessage } from '@twurple/chat';
import type { TwitchTokens } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';
import type { BotState, BotStatus } from './bot-status.ts';
import { roleFrom, toIncoming } from './incoming.ts';
import type { Pacer } from './pacer.ts';
import type { IncomingChatMessage } from './types.ts';

// twurple's message for a failed token refresh quotes the request's URL, whose query holds the
// client secret and the refresh token: they go to neither the log nor the status.
const withoutSecrets = (text: string) =>
  text.replace(/\b(client_secret|refresh_token|access_token|code)=[^&\s"]*/g, '$1=[redacted]');

export type BotLevel = 'none' | 'known' | 'verified';

export interface TwitchBotOptions {
  ownerId: string;
  /** The Twitch account the bot chats as. */
  login: string;
  twitchId: string;
  tokens: TwitchTokens;
  channels: string[];
  clientId: string;
  clientSecret: string;
  /** ChatClient's hostName/ssl pair (see chat-url.ts). */
  chat: { hostName: string; ssl: boolean };
  botLevel: BotLevel;
  pacer: Pacer;
  log: Logger;
  onTokens(tokens: TwitchTokens): void;
  onMessage(message: IncomingChatMessage): void;
  onStatusChange(): void;
}

export interface TwitchBot {
  status(): BotStatus;
  start(): void;
  stop(): void;
  setChannels(channels: string[]): void;
  isJoined(channel: string): boolean;
  say(channel: string, text: string, replyTo?: string): Promise<void>;
}

const RELOGIN = 'log in with Twitch again so the bot gets fresh tokens';
const SELF_ECHO_MS = 30_000;

function toAccessToken(tokens: TwitchTokens, now = Date.now()): AccessToken {
  const expiresIn =
    tokens.expiresAt === null
      ? null
      : Math.max(0, Math.floor((tokens.expiresAt.getTime() - now) / 1000));
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    scope: tokens.scopes,
    expiresIn,
    obtainmentTimestamp: now,
  };
}

function fromAccessToken(token: AccessToken): TwitchTokens {
  return {
    accessToken: token.accessToken,
    refreshToken: token.refreshToken,
    expiresAt:
      token.expiresIn === null
        ? null
        : new Date(token.obtainmentTimestamp + token.expiresIn * 1000),
    scopes: token.scope,
  };
}

const channelOf = (c: string) => c.replace(/^#/, '').toLowerCase();

export function createTwitchBot(o: TwitchBotOptions): TwitchBot {
  const log = o.log.child({ component: 'chat', bot: o.login });
  let desired = [...new Set(o.channels.map(channelOf))];
  const joined = new Set<string>();
  /** Per channel: whether the bot's USERSTATE says moderator, and its badges there. */
  const userState = new Map<string, { isMod: boolean; badges: Map<string, string> }>();
  /** Lines this connection sent recently; Twitch delivers them to the account's other sessions. */
  const recentlySent: { channel: string; text: string; at: number }[] = [];
  let state: BotState = 'connecting';
  let connectedSince: Date | null = null;
  let lastError: string | null = null;
  let reconnects = 0;
  let stopped = false;

  const set = (next: BotState, error?: string | null) => {
    state = next;
    if (error !== undefined) lastError = error;
    o.onStatusChange();
  };

  const auth = new RefreshingAuthProvider({ clientId: o.clientId, clientSecret: o.clientSecret });
  auth.addUser(o.twitchId, toAccessToken(o.tokens), ['chat']);
  auth.onRefresh((_user, token) => o.onTokens(fromAccessToken(token)));
  auth.onRefreshFailure((_user, err) => {
    lastError = `refreshing the Twitch token failed: ${withoutSecrets(err.message)}; ${RELOGIN}`;
    o.onStatusChange();
  });

  const client = new ChatClient({
    authProvider: auth,
    hostName: o.chat.hostName,
    ssl: o.chat.ssl,
    channels: () => desired,
    // twurple's bucket is then Twitch's moderator limit (100 lines per 30 s); the pacer
    // adds the 1.2 s spacing in channels where the bot is not a moderator.
    isAlwaysMod: true,
    botLevel: o.botLevel,
    logger: {
      minLevel: 'warning',
      custom: (level, message) => {
        if (level <= 1) log.error({ twurple: true }, withoutSecrets(message));
        else log.warn({ twurple: true }, withoutSecrets(message));
      },
    },
  });

  client.onAuthenticationSuccess(() => {
    connectedSince = new Date();
    set('connected', null);
  });
  client.onJoin((channel, user) => {
    if (user !== o.login) return;
    joined.add(channelOf(channel));
    o.onStatusChange();
  });
  client.onPart((channel, user) => {
    if (user !== o.login) return;
    joined.delete(channelOf(channel));
    o.onStatusChange();
  });
  client.onJoinFailure((channel, reason) => {
    lastError = `could not join #${channelOf(channel)}: ${reason}`;
    o.onStatusChange();
  });
  client.onDisconnect((manually, reason) => {
    joined.clear();
    connectedSince = null;
    if (stopped || manually || state === 'error') return o.onStatusChange();
    const why = reason?.message ? ` (${reason.message})` : '';
    if (state === 'connected') {
      reconnects += 1;
      log.warn({ reason: reason?.message }, 'disconnected from Twitch chat; reconnecting');
      set('reconnecting', `the chat connection dropped${why}; reconnecting`);
    } else if (state === 'connecting') {
      set('connecting', `could not reach Twitch chat${why}; retrying`);
    } else {
      set('reconnecting', `reconnecting failed${why}; retrying`);
    }
  });
  client.onAuthenticationFailure((text) => {
    set('error', `Twitch refused the login of ${o.login} ("${text}"); ${RELOGIN}`);
  });
  client.onTokenFetchFailure((err) => {
    set('error', `no valid Twitch token for ${o.login} (${err.message}); ${RELOGIN}`);
  });
  client.irc.onTypedMessage(UserState, (msg) => {
    const badges = new Map<string, string>();
    for (const badge of (msg.tags.get('badges') ?? '').split(',').filter(Boolean)) {
      const [name = '', version = ''] = badge.split('/');
      badges.set(name, version);
    }
    userState.set(channelOf(msg.channel), { isMod: msg.tags.get('mod') === '1', badges });
  });

  function wasSentHere(channel: string, text: string): boolean {
    const cutoff = Date.now() - SELF_ECHO_MS;
    while (recentlySent.length > 0 && (recentlySent[0]?.at ?? 0) < cutoff) recentlySent.shift();
    const index = recentlySent.findIndex((s) => s.channel === channel && s.text === text);
    if (index >= 0) recentlySent.splice(index, 1);
    return index >= 0;
  }

  function received(channel: string, user: string, text: string, msg: ChatMessage) {
    const info = msg.userInfo;
    // A line from the bot's own account was typed by its owner elsewhere (Twitch does not echo
    // a connection's own lines), unless another instance of this bot just sent it.
    const self = user === o.login && wasSentHere(channelOf(channel), text);
    const line = {
      channel,
      id: msg.id,
      userId: info.userId,
      userName: info.userName,
      displayName: info.displayName,
      badges: info.badges,
      isMod: info.isMod,
      text,
      sentAt: msg.date,
    };
    o.onMessage(toIncoming(o.ownerId, line, self));
  }
  client.onMessage(received);
  client.onAction(received);

  const isModerator = (channel: string) => {
    const s = userState.get(channel);
    return channel === o.login || !!s?.isMod || !!s?.badges.has('broadcaster');
  };

  return {
    status: () => ({
      state,
      botLogin: o.login,
      channels: [...joined].sort(),
      connectedSince: connectedSince?.toISOString() ?? null,
      lastError,
      reconnects,
      hint: state === 'error' ? `${RELOGIN}, then press Connect` : null,
    }),

    start() {
      log.info({ channels: desired }, 'connecting to Twitch chat');
      client.connect();
    },

    stop() {
      stopped = true;
      client.quit();
    },

    setChannels(channels) {
      const next = [...new Set(channels.map(channelOf))];
      const added = next.filter((c) => !desired.includes(c));
      const removed = desired.filter((c) => !next.includes(c));
      desired = next;
      if (state !== 'connected') return; // the next registration joins `desired`
      for (const channel of removed) client.part(channel);
      for (const channel of added) {
        client.join(channel).catch((err: unknown) => {
          lastError = `could not join #${channel}: ${err instanceof Error ? err.message : String(err)}`;
          o.onStatusChange();
        });
      }
    },

    isJoined: (channel) => joined.has(channelOf(channel)),

    async say(channel, text, replyTo) {
      const chan = channelOf(channel);
      if (state !== 'connected') {
        throw new DomainError(
          'unavailable',
          `the bot ${o.login} is not connected to Twitch chat (it is ${state})`,
        );
      }
      if (!joined.has(chan)) {
        const where = joined.size ? `it is in ${[...joined].map((c) => '#' + c).join(', ')}` : '';
        throw new DomainError('conflict', `the bot is not in #${chan}${where ? `; ${where}` : ''}`);
      }
      await o.pacer.wait(chan, isModerator(chan));
      recentlySent.push({ channel: chan, text, at: Date.now() });
      await client.say(chan, text, replyTo ? { replyTo } : {});
      const own = userState.get(chan);
      const badges = own?.badges ?? new Map<string, string>();
      o.onMessage({
        platform: 'twitch',
        ownerId: o.ownerId,
        channel: chan,
        messageId: randomUUID(),
        chatterId: o.twitchId,
        chatterLogin: o.login,
        chatterName: o.login,
        text,
        badges: [...badges].map(([name, version]) => `${name}/${version}`),
        role: roleFrom(badges, { isMod: own?.isMod, isOwner: chan === o.login }),
        sentAt: new Date(),
        self: true,
      });
    },
  };
}
