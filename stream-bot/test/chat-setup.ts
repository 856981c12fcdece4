// Helpers for tests that run stream-bot's chat bots against the local Twitch
// stand-in: the variables that point the service (and twurple) at it, Twitch
// users created through the service's own user store on the test database,
// and a session per user to call the API as them.
import { vi } from 'vitest';
import { openSql } from '../../tools/test-env/pg-sql.ts';
import type { TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import { createSecretBox } from '@homelab/nats/web';
import { createSessionStore } from '../src/db/session-store.ts';
import { createUserStore, type TwitchTokens } from '../src/db/user-store.ts';
import { SESSION_COOKIE } from '../src/http/session.ts';
import type { TestService } from './harness.ts';

export const TEST_TOKEN_KEY = '42'.repeat(32);

/**
 * The service's Twitch variables for the stand-in. twurple validates and refreshes tokens
 * at id.twitch.tv unless TWURPLE_MOCK_API_PORT is in the environment it reads itself,
 * so this also sets that for the test process (undone by vi.unstubAllEnvs()).
 */
export function twitchEnv(standIn: TwitchStandIn): Record<string, string> {
  vi.stubEnv('TWURPLE_MOCK_API_PORT', String(standIn.port));
  return {
    TWITCH_CLIENT_ID: standIn.clientId,
    TWITCH_CLIENT_SECRET: standIn.clientSecret,
    TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
    TWITCH_AUTH_URL: standIn.authUrl,
    TWITCH_API_URL: `${standIn.url}/mock`,
    TWITCH_CHAT_URL: standIn.chatUrl,
    TWURPLE_MOCK_API_PORT: String(standIn.port),
  };
}

export interface ChatUser {
  id: string;
  login: string;
  tokens: TwitchTokens;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  put(path: string, body?: unknown): Promise<Response>;
}

/**
 * A Twitch user as a Twitch login would leave them: a users row with sealed tokens the
 * stand-in issued (expiresIn 0 = already expired), a bot_config joining their own channel,
 * and a session.
 */
export async function createTwitchUser(
  svc: TestService,
  standIn: TwitchStandIn,
  grant: { login: string; userId: string; expiresIn?: number; scopes?: string[] },
): Promise<ChatUser> {
  const issued = standIn.issueToken(grant);
  const sql = openSql(svc.database?.url ?? '');
  try {
    const users = createUserStore({ sql }, createSecretBox(Buffer.from(TEST_TOKEN_KEY, 'hex')));
    const tokens: TwitchTokens = {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAt: new Date(Date.now() + (grant.expiresIn ?? 14_400) * 1000 - 1000),
      scopes: issued.scopes,
    };
    const user = await users.upsertTwitchUser({
      twitchId: grant.userId,
      login: grant.login,
      displayName: grant.login,
      scopes: issued.scopes,
      tokens,
    });
    const session = await createSessionStore({ sql }, { ttlMs: 3_600_000 }).create(user.id);
    const headers = {
      cookie: `${SESSION_COOKIE}=${session.token}`,
      origin: svc.service.url,
    };
    const send = (method: string, path: string, body: unknown) =>
      fetch(svc.service.url + path, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    return {
      id: user.id,
      login: user.login,
      tokens,
      get: (path) => fetch(svc.service.url + path, { headers }),
      post: (path, body) => send('POST', path, body),
      put: (path, body) => send('PUT', path, body),
    };
  } finally {
    await sql.end();
  }
}

/** The stored (sealed) token columns of a user, straight from the table. */
export async function storedTokenColumns(svc: TestService, userId: string) {
  const sql = openSql(svc.database?.url ?? '');
  try {
    const [row] = await sql.query<{ access_token_enc: string; refresh_token_enc: string }>(
      'SELECT access_token_enc, refresh_token_enc FROM users WHERE id = $1::uuid',
      [userId],
    );
    return row;
  } finally {
    await sql.end();
  }
}

/** Runs a statement on the service's test database (e.g. a config change made elsewhere). */
export async function onDatabase(svc: TestService, statement: string, params: unknown[]) {
  const sql = openSql(svc.database?.url ?? '');
  try {
    return await sql.execute(statement, params);
  } finally {
    await sql.end();
  }
}
