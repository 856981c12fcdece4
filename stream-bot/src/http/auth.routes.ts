// Logging in and out. Local login checks WEB_USERNAME / WEB_PASSWORD in constant
// time and locks a client address + user name out for a while after repeated
// failures; /api/auth/me tells the UI who is signed in and which logins exist.
import type { Logger } from '@homelab/nats/runtime';
import {
  localLogin,
  oauthFailure,
  readOAuthCallback,
  startOAuthLogin,
  type LoginThrottle,
  type OAuthFailureStatus,
} from '@homelab/nats/web';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { TwitchOAuthError, type TwitchOAuth } from '../auth/twitch-oauth.ts';
import type { SessionStore } from '../db/session-store.ts';
import type { UserStore } from '../db/user-store.ts';
import { readJson } from './errors.ts';
import { optionalUser, sessionKit } from './session.ts';

export { clientAddress } from '@homelab/nats/web';

export interface AuthDeps {
  users: UserStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  publicUrl: string;
  local: { username: string; password: string | undefined };
  /** Variables Twitch login still needs; empty when it is configured. */
  twitchMissing: string[];
  /** Present exactly when twitchMissing is empty. */
  twitch: TwitchOAuth | undefined;
  /** Logins, failures and lock-outs (never a password or token). */
  log?: Logger;
  /** After a Twitch login stored fresh tokens (the chat bot reconnects with them). */
  onTwitchLogin?: (userId: string) => Promise<void>;
}

const STATE_COOKIE = 'sb_oauth_state';
const STATE_PATH = '/auth/twitch';

const CALLBACK = {
  provider: 'Twitch',
  service: 'stream-bot',
  stateCookie: STATE_COOKIE,
  statePath: STATE_PATH,
  loginPath: '/auth/twitch/login',
};

/** A failed Twitch login: a small page for a browser, the usual error body for anything else. */
const loginFailed = (c: Context, status: OAuthFailureStatus, code: string, message: string) =>
  oauthFailure(c, CALLBACK, status, code, message);

const loginBody = z.object({
  username: z.string().max(200),
  password: z.string().max(1000),
});

export function authRoutes(deps: AuthDeps) {
  const { local } = deps;
  const kit = sessionKit(deps);
  const login = localLogin({
    local,
    throttle: deps.throttle,
    kit,
    ensureLocalUser: (username) => deps.users.ensureLocalUser(username),
    otherLogin: 'log in with Twitch',
    log: deps.log,
  });
  return new Hono()
    .get('/api/auth/me', (c) =>
      c.json({
        user: optionalUser(c),
        twitch: { configured: deps.twitchMissing.length === 0, missing: deps.twitchMissing },
        local: { enabled: local.password !== undefined },
      }),
    )
    .post('/api/auth/login', async (c) => login(c, await readJson(c, loginBody)))
    .post('/api/auth/logout', async (c) => {
      await kit.end(c);
      return c.json({ user: null });
    })
    .get('/auth/twitch/login', (c) => {
      if (!deps.twitch) {
        return loginFailed(
          c,
          503,
          'unavailable',
          `Twitch login is not configured; set ${deps.twitchMissing.join(', ')}`,
        );
      }
      const { redirectUri, authorizeUrl } = deps.twitch;
      const secure = deps.publicUrl.startsWith('https:');
      return startOAuthLogin(c, CALLBACK, { redirectUri, authorizeUrl, secure });
    })
    .get('/auth/twitch/callback', async (c) => {
      const callback = readOAuthCallback(c, CALLBACK);
      if (!deps.twitch) {
        return loginFailed(
          c,
          503,
          'unavailable',
          `Twitch login is not configured; set ${deps.twitchMissing.join(', ')}`,
        );
      }
      if ('failure' in callback) return callback.failure;
      let login;
      try {
        login = await deps.twitch.complete(callback.code);
      } catch (err) {
        if (!(err instanceof TwitchOAuthError)) throw err;
        deps.log?.warn({ err: err.message }, 'Twitch login failed');
        return loginFailed(
          c,
          err.kind === 'rejected' ? 400 : 502,
          err.kind === 'rejected' ? 'invalid_input' : 'unavailable',
          err.message,
        );
      }
      const user = await deps.users.upsertTwitchUser({
        twitchId: login.twitchId,
        login: login.login,
        displayName: login.displayName,
        scopes: login.scopes,
        tokens: {
          accessToken: login.accessToken,
          refreshToken: login.refreshToken,
          expiresAt: login.expiresAt,
          scopes: login.scopes,
        },
      });
      deps.log?.info({ userId: user.id, login: user.login }, 'Twitch login');
      // A bot stuck on an old token starts over with the new one; the login does not wait on it.
      void deps
        .onTwitchLogin?.(user.id)
        .catch((err: unknown) =>
          deps.log?.warn(
            { err, userId: user.id },
            'could not restart the bot after a Twitch login',
          ),
        );
      await kit.begin(c, user.id);
      return c.redirect('/', 302);
    });
}
