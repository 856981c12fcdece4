// The only place that reads the environment. Everything else receives the
// parsed Config, so tests can build one from a plain object. The variables
// every service shares come from the runtime; stream-bot adds its AI settings.
import { fileURLToPath } from 'node:url';
import {
  commonConfig,
  commonEnv,
  ConfigError,
  parseEnv,
  type CommonConfig,
} from '@homelab/nats/runtime';
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };
import { parseEncryptionKey } from '@homelab/nats/web';

export { ConfigError };

export const SERVICE_NAME = 'stream-bot';
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

const settings = {
  port: 5000,
  natsUser: 'streambot',
  serviceDir: SERVICE_DIR,
  version: pkg.version,
};
const schema = z.object({
  ...commonEnv(settings),
  /** Secret; the logger redacts any field named apiKey. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any OpenAI-compatible server (Ollama, LM Studio, vLLM …), e.g. http://127.0.0.1:11434/v1. */
  OPENAI_BASE_URL: z
    .url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL such as http://127.0.0.1:11434/v1',
    })
    .optional(),
  FACTS_MODEL: z.string().min(1).max(100).default('gpt-4o'),
  FACTS_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds one fact generation may take in all (1000-300000)' })
    .int()
    .min(1_000)
    .max(300_000)
    .default(30_000),
  /** How many facts !fact keeps ready, so chat never waits on the model (0: none). */
  FACT_POOL_SIZE: z.coerce
    .number({ error: 'expected how many facts !fact keeps ready (0-50)' })
    .int()
    .min(0)
    .max(50)
    .default(5),
  /** Bot personality: one model for every owner instead of each one's personality.model. */
  CHAT_MODEL: z.string().trim().min(1).max(100).optional(),
  /** Bot personality: off only for servers without a moderation endpoint (Ollama …). */
  CHAT_MODERATION: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
  CHAT_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds one mention answer may take in all (1000-120000)' })
    .int()
    .min(1_000)
    .max(120_000)
    .default(15_000),
  /** The local account's name; it can do everything except chat as a Twitch account. */
  WEB_USERNAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'expected 1-50 letters, digits, _ . or -')
    .default('admin'),
  /** Local login is off when unset. */
  WEB_PASSWORD: z.string().min(8, 'expected at least 8 characters').optional(),
  /** Where browsers reach the service; default http://localhost:<PORT>. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://bot.example.org' })
    .optional(),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'expected hours a login lasts (1-8760)' })
    .int()
    .min(1)
    .max(8760)
    .default(168),
  TWITCH_CLIENT_ID: z.string().trim().min(1).optional(),
  TWITCH_CLIENT_SECRET: z.string().trim().min(1).optional(),
  TWITCH_REDIRECT_URI: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL of /auth/twitch/callback' })
    .optional(),
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .transform((value, ctx) => {
      try {
        return parseEncryptionKey(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  TWITCH_AUTH_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://id.twitch.tv/oauth2'),
  TWITCH_API_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://api.twitch.tv/helix'),
  TWITCH_CHAT_URL: z
    .url({ protocol: /^wss?$/, error: 'expected a ws(s) URL' })
    .default('wss://irc-ws.chat.twitch.tv:443'),
  /** Twitch's chat limits for the bot account: none (default), known or verified. */
  TWITCH_BOT_LEVEL: z
    .enum(['none', 'known', 'verified'], { error: 'expected none, known or verified' })
    .default('none'),
  /**
   * Read by @twurple itself: its token validation and refresh go to
   * http://localhost:<port>/auth/… instead of id.twitch.tv (for local stand-ins).
   */
  TWURPLE_MOCK_API_PORT: z.coerce
    .number({ error: 'expected the port of a local Twitch stand-in (1-65535)' })
    .int()
    .min(1)
    .max(65535)
    .optional(),
  // YouTube live chat (issue 7): a Google OAuth client with the YouTube Data API v3 enabled.
  YOUTUBE_CLIENT_ID: z.string().trim().min(1).optional(),
  YOUTUBE_CLIENT_SECRET: z.string().trim().min(1).optional(),
  YOUTUBE_REDIRECT_URI: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL of /auth/youtube/callback' })
    .optional(),
  YOUTUBE_AUTH_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://accounts.google.com/o/oauth2/v2/auth'),
  YOUTUBE_TOKEN_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://oauth2.googleapis.com/token'),
  YOUTUBE_API_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://www.googleapis.com/youtube/v3'),
  // Spotify (issue 7): an app from Spotify's developer dashboard.
  SPOTIFY_CLIENT_ID: z.string().trim().min(1).optional(),
  SPOTIFY_CLIENT_SECRET: z.string().trim().min(1).optional(),
  SPOTIFY_REDIRECT_URI: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL of /auth/spotify/callback' })
    .optional(),
  SPOTIFY_ACCOUNTS_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://accounts.spotify.com'),
  SPOTIFY_API_URL: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
    .default('https://api.spotify.com/v1'),
  /** Chat messages older than this are deleted (the daily analytics stay). */
  CHAT_RETENTION_DAYS: z.coerce
    .number({ error: 'expected the days chat messages are kept (1-3650)' })
    .int()
    .min(1)
    .max(3650)
    .default(30),
  /** A quiet spell longer than this ends a channel's stream session. */
  STREAM_SESSION_GAP_MINUTES: z.coerce
    .number({ error: 'expected minutes of quiet chat that end a stream session (1-1440)' })
    .int()
    .min(1)
    .max(1440)
    .default(30),
});

export interface OpenAiConfig {
  /** Absent with no base URL either: AI is off and facts come from the built-in collection. */
  apiKey: string | undefined;
  baseUrl: string | undefined;
  factsModel: string;
  /** Total time for one generation, all attempts together. */
  factsTimeoutMs: number;
}

export interface WebConfig {
  /** The local account; login with it is off when password is undefined. */
  username: string;
  password: string | undefined;
  /** Origin browsers use, without a trailing slash. */
  publicUrl: string;
  sessionTtlHours: number;
}

export interface TwitchConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  redirectUri: string;
  /** TOKEN_ENCRYPTION_KEY, 32 bytes; tokens are sealed with it (@homelab/nats/web). */
  tokenKey: Buffer | undefined;
  /** Without a trailing slash: the OAuth endpoints, Helix, and the chat WebSocket. */
  authUrl: string;
  apiUrl: string;
  chatUrl: string;
  /** Raises twurple's chat rate limits for known/verified bots. */
  botLevel: 'none' | 'known' | 'verified';
  /** TWURPLE_MOCK_API_PORT, which twurple reads from the environment itself. */
  mockApiPort: number | undefined;
}

/** The bot personality's server-wide settings; the rest is per owner (bot_config.personality). */
export interface ChatAiConfig {
  /** When set, used instead of each owner's personality.model. */
  modelOverride: string | undefined;
  /** Check mentions and answers with the moderation endpoint. */
  moderation: boolean;
  /** Moderation, completion and answer check of one mention together. */
  timeoutMs: number;
}

/** The chat log and its analytics. */
/** An OAuth client of a platform a user connects (YouTube, Spotify); URLs without a trailing slash. */
export interface ConnectedPlatformConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  redirectUri: string;
  /** The same TOKEN_ENCRYPTION_KEY as Twitch's: tokens are sealed with it. */
  tokenKey: Buffer | undefined;
}

export interface YouTubeConfig extends ConnectedPlatformConfig {
  authUrl: string;
  tokenUrl: string;
  apiUrl: string;
}

export interface SpotifyConfig extends ConnectedPlatformConfig {
  accountsUrl: string;
  apiUrl: string;
}

export interface ChatLogConfig {
  retentionDays: number;
  sessionGapMinutes: number;
}

export interface CommandsConfig {
  /** Facts !fact keeps generated ahead (FACT_POOL_SIZE). */
  factPoolSize: number;
}

export type Config = CommonConfig<typeof SERVICE_NAME> & {
  chatLog: ChatLogConfig;
  commands: CommandsConfig;
  openai: OpenAiConfig;
  chat: ChatAiConfig;
  web: WebConfig;
  twitch: TwitchConfig;
  youtube: YouTubeConfig;
  spotify: SpotifyConfig;
};

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const e = parseEnv(schema, env);
  const needsKey = [
    ['TWITCH_CLIENT_ID', 'Twitch', e.TWITCH_CLIENT_ID],
    ['YOUTUBE_CLIENT_ID', 'YouTube', e.YOUTUBE_CLIENT_ID],
    ['SPOTIFY_CLIENT_ID', 'Spotify', e.SPOTIFY_CLIENT_ID],
  ].filter(([, , set]) => set !== undefined);
  if (needsKey.length > 0 && e.TOKEN_ENCRYPTION_KEY === undefined) {
    throw new ConfigError([
      `TOKEN_ENCRYPTION_KEY: required when ${needsKey.map(([k]) => k).join(', ')} ` +
        `${needsKey.length > 1 ? 'are' : 'is'} set (${needsKey.map(([, p]) => p).join(', ')} ` +
        'tokens are stored encrypted; make one with: openssl rand -hex 32)',
    ]);
  }
  const publicUrl = trimSlash(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  return {
    ...commonConfig(SERVICE_NAME, e, settings),
    commands: { factPoolSize: e.FACT_POOL_SIZE },
    chatLog: {
      retentionDays: e.CHAT_RETENTION_DAYS,
      sessionGapMinutes: e.STREAM_SESSION_GAP_MINUTES,
    },
    web: {
      username: e.WEB_USERNAME,
      password: e.WEB_PASSWORD,
      publicUrl,
      sessionTtlHours: e.SESSION_TTL_HOURS,
    },
    twitch: {
      clientId: e.TWITCH_CLIENT_ID,
      clientSecret: e.TWITCH_CLIENT_SECRET,
      redirectUri: e.TWITCH_REDIRECT_URI ?? `${publicUrl}/auth/twitch/callback`,
      tokenKey: e.TOKEN_ENCRYPTION_KEY,
      authUrl: trimSlash(e.TWITCH_AUTH_URL),
      apiUrl: trimSlash(e.TWITCH_API_URL),
      chatUrl: e.TWITCH_CHAT_URL,
      botLevel: e.TWITCH_BOT_LEVEL,
      mockApiPort: e.TWURPLE_MOCK_API_PORT,
    },
    youtube: {
      clientId: e.YOUTUBE_CLIENT_ID,
      clientSecret: e.YOUTUBE_CLIENT_SECRET,
      redirectUri: e.YOUTUBE_REDIRECT_URI ?? `${publicUrl}/auth/youtube/callback`,
      tokenKey: e.TOKEN_ENCRYPTION_KEY,
      authUrl: trimSlash(e.YOUTUBE_AUTH_URL),
      tokenUrl: trimSlash(e.YOUTUBE_TOKEN_URL),
      apiUrl: trimSlash(e.YOUTUBE_API_URL),
    },
    spotify: {
      clientId: e.SPOTIFY_CLIENT_ID,
      clientSecret: e.SPOTIFY_CLIENT_SECRET,
      redirectUri: e.SPOTIFY_REDIRECT_URI ?? `${publicUrl}/auth/spotify/callback`,
      tokenKey: e.TOKEN_ENCRYPTION_KEY,
      accountsUrl: trimSlash(e.SPOTIFY_ACCOUNTS_URL),
      apiUrl: trimSlash(e.SPOTIFY_API_URL),
    },
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      factsModel: e.FACTS_MODEL,
      factsTimeoutMs: e.FACTS_TIMEOUT_MS,
    },
    chat: {
      modelOverride: e.CHAT_MODEL,
      moderation: e.CHAT_MODERATION === 'on',
      timeoutMs: e.CHAT_TIMEOUT_MS,
    },
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The variables Twitch login still needs; empty when it is configured. */
export function twitchMissing(twitch: TwitchConfig): string[] {
  return [
    ...(twitch.clientId === undefined ? ['TWITCH_CLIENT_ID'] : []),
    ...(twitch.clientSecret === undefined ? ['TWITCH_CLIENT_SECRET'] : []),
    ...(twitch.tokenKey === undefined ? ['TOKEN_ENCRYPTION_KEY'] : []),
  ];
}

/** The variables connecting a YouTube or Spotify account still needs; empty when configured. */
export function platformMissing(
  prefix: 'YOUTUBE' | 'SPOTIFY',
  p: ConnectedPlatformConfig,
): string[] {
  return [
    ...(p.clientId === undefined ? [`${prefix}_CLIENT_ID`] : []),
    ...(p.clientSecret === undefined ? [`${prefix}_CLIENT_SECRET`] : []),
    ...(p.tokenKey === undefined ? ['TOKEN_ENCRYPTION_KEY'] : []),
  ];
}

/** AI generation is on when a key or an own server is configured. */
export function aiConfigured(openai: Pick<OpenAiConfig, 'apiKey' | 'baseUrl'>): boolean {
  return openai.apiKey !== undefined || openai.baseUrl !== undefined;
}
