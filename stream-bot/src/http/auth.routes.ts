// Logging in and out. Local login checks WEB_USERNAME / WEB_PASSWORD in constant
// time and locks a client address + user name out for a while after repeated
// failures; /api/auth/me tells the UI who is signed in and which logins exist.
import type { Logger } from '@homelab/nats/runtime';
import { localLogin, safeEqual, type LoginThrottle } from '@homelab/nats/web';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
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

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

/** A failed Twitch login: a small page for a browser, the usual error body for anything else. */
function loginFailed(c: Context, status: 400 | 502 | 503, code: string, message: string) {
  if ((c.req.header('accept') ?? '').includes('text/html')) {
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Twitch login failed</title>` +
        `</head><body><h1>Twitch login failed</h1><p>${escapeHtml(message)}</p>` +
        `<p><a href="/auth/twitch/login">Try again</a> · <a href="/">Back to stream-bot</a></p>` +
        `</body></html>`,
      status,
    );
  }
  return c.json({ error: { code, message } }, status);
}

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
      // The state cookie must be set on the host Twitch sends the browser back to (e.g. opened
      // as 127.0.0.1, called back at localhost): one hop there first, never two.
      const callbackHost = new URL(deps.twitch.redirectUri).host;
      const host = c.req.header('host') ?? new URL(c.req.url).host;
      if (host !== callbackHost && c.req.query('hop') === undefined) {
        return c.redirect(
          `${new URL(deps.twitch.redirectUri).origin}/auth/twitch/login?hop=1`,
          302,
        );
      }
      const state = randomBytes(24).toString('base64url');
      setCookie(c, STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: 'Lax',
        path: STATE_PATH,
        secure: deps.publicUrl.startsWith('https:'),
        maxAge: 600,
      });
      return c.redirect(deps.twitch.authorizeUrl(state), 302);
    })
    .get('/auth/twitch/callback', async (c) => {
      const expected = getCookie(c, STATE_COOKIE);
      deleteCookie(c, STATE_COOKIE, { path: STATE_PATH });
      if (!deps.twitch) {
        return loginFailed(
          c,
          503,
          'unavailable',
          `Twitch login is not configured; set ${deps.twitchMissing.join(', ')}`,
        );
      }
      const q = c.req.query();
      if (q.error !== undefined) {
        return loginFailed(
          c,
          400,
          'invalid_input',
          q.error === 'access_denied'
            ? 'you did not allow stream-bot to use your Twitch account, so you are not logged in'
            : `Twitch did not log you in: ${q.error_description ?? q.error}`,
        );
      }
      if (expected === undefined || q.state === undefined || !safeEqual(q.state, expected)) {
        return loginFailed(
          c,
          400,
          'invalid_input',
          expected === undefined
            ? 'this login attempt has no state cookie (expired after 10 minutes, or started ' +
                'elsewhere); start again at /auth/twitch/login'
            : 'the login state does not match this browser’s; start again at /auth/twitch/login',
        );
      }
      if (!q.code) {
        return loginFailed(c, 400, 'invalid_input', 'Twitch sent no authorization code');
      }
      let login;
      try {
        login = await deps.twitch.complete(q.code);
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
