// discord-bot's web-login variables: the local admin (WEB_USERNAME/WEB_PASSWORD,
// who sees every guild), Discord OAuth (client id + secret, redirect, the key
// that seals the tokens), where browsers reach the service and how long a login
// lasts. config.ts spreads authEnv into its schema and calls webConfig.
import { ConfigError } from '@homelab/nats/runtime';
import { parseEncryptionKey } from '@homelab/nats/web';
import { z } from 'zod';

const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `expected an http(s) URL such as ${example}` });

export const authEnv = {
  /** The local admin's name; it sees every guild. */
  WEB_USERNAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'expected 1-50 letters, digits, _ . or -')
    .default('admin'),
  /** Local login is off when unset. */
  WEB_PASSWORD: z.string().min(8, 'expected at least 8 characters').optional(),
  /** Where browsers reach the service; default http://localhost:<PORT>. */
  PUBLIC_URL: httpUrl('https://discord-bot.example.org').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'expected hours a login lasts (1-8760)' })
    .int()
    .min(1)
    .max(8760)
    .default(168),
  DISCORD_CLIENT_ID: z
    .string()
    .trim()
    .regex(/^\d{17,20}$/, 'expected the application id (a snowflake: 17-20 digits)')
    .optional(),
  DISCORD_CLIENT_SECRET: z.string().trim().min(1).optional(),
  DISCORD_REDIRECT_URI: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL of /auth/discord/callback' })
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
  /** The consent page lives here (/authorize); token and users go through DISCORD_API_URL. */
  DISCORD_OAUTH_URL: httpUrl('https://discord.com/oauth2').default('https://discord.com/oauth2'),
  DISCORD_API_URL: httpUrl('https://discord.com/api').default('https://discord.com/api'),
  /** How often a signed-in Discord user's Manage Server rights are read again (0: every request). */
  DISCORD_GUILDS_RECHECK_SECONDS: z.coerce
    .number({ error: "expected seconds between re-reading a user's guilds (0-86400)" })
    .int()
    .min(0)
    .max(86_400)
    .default(600),
};

type AuthEnv = z.output<z.ZodObject<typeof authEnv>> & { PORT: number };

export interface WebConfig {
  /** The local admin; login with it is off when password is undefined. */
  username: string;
  password: string | undefined;
  /** Origin browsers use, without a trailing slash. */
  publicUrl: string;
  sessionTtlHours: number;
}

export interface DiscordOAuthConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  redirectUri: string;
  /** TOKEN_ENCRYPTION_KEY, 32 bytes; OAuth tokens are sealed with it. */
  tokenKey: Buffer | undefined;
  /** Without trailing slashes. */
  oauthUrl: string;
  apiUrl: string;
  /** A Discord user's managed guilds are read again after this long (on their next request). */
  guildsRecheckMs: number;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** The web-login part of the configuration; throws a ConfigError for a client id without a key. */
export function webConfig(e: AuthEnv): { web: WebConfig; oauth: DiscordOAuthConfig } {
  if (e.DISCORD_CLIENT_ID !== undefined && e.TOKEN_ENCRYPTION_KEY === undefined) {
    throw new ConfigError([
      'TOKEN_ENCRYPTION_KEY: required when DISCORD_CLIENT_ID is set (Discord tokens are stored ' +
        'encrypted; make one with: openssl rand -hex 32)',
    ]);
  }
  const publicUrl = trimSlash(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  return {
    web: {
      username: e.WEB_USERNAME,
      password: e.WEB_PASSWORD,
      publicUrl,
      sessionTtlHours: e.SESSION_TTL_HOURS,
    },
    oauth: {
      clientId: e.DISCORD_CLIENT_ID,
      clientSecret: e.DISCORD_CLIENT_SECRET,
      redirectUri: e.DISCORD_REDIRECT_URI ?? `${publicUrl}/auth/discord/callback`,
      tokenKey: e.TOKEN_ENCRYPTION_KEY,
      oauthUrl: trimSlash(e.DISCORD_OAUTH_URL),
      apiUrl: trimSlash(e.DISCORD_API_URL),
      guildsRecheckMs: e.DISCORD_GUILDS_RECHECK_SECONDS * 1000,
    },
  };
}

/** The variables Discord login still needs; empty when it is configured. */
export function discordLoginMissing(oauth: DiscordOAuthConfig): string[] {
  return [
    ...(oauth.clientId === undefined ? ['DISCORD_CLIENT_ID'] : []),
    ...(oauth.clientSecret === undefined ? ['DISCORD_CLIENT_SECRET'] : []),
    ...(oauth.tokenKey === undefined ? ['TOKEN_ENCRYPTION_KEY'] : []),
  ];
}
