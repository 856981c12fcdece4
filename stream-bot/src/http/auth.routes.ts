// Logging in and out. Local login checks WEB_USERNAME / WEB_PASSWORD in constant
// time and locks a client address + user name out for a while after repeated
// failures; /api/auth/me tells the UI who is signed in and which logins exist.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { z } from 'zod';
import { safeEqual } from '../auth/crypto.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { SessionStore } from '../db/session-store.ts';
import type { UserStore } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';
import { readJson } from './errors.ts';
import {
  clearSessionCookie,
  optionalUser,
  SESSION_COOKIE,
  setSessionCookie,
  type AppEnv,
} from './session.ts';

export interface AuthDeps {
  users: UserStore;
  sessions: SessionStore;
  throttle: LoginThrottle;
  publicUrl: string;
  local: { username: string; password: string | undefined };
  /** Variables Twitch login still needs; empty when it is configured. */
  twitchMissing: string[];
}

const loginBody = z.object({
  username: z.string().max(200),
  password: z.string().max(1000),
});

/** The client's address as the socket says (a proxy in front counts as one client). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function authRoutes(deps: AuthDeps) {
  const { local } = deps;
  return new Hono<AppEnv>()
    .get('/api/auth/me', (c) =>
      c.json({
        user: optionalUser(c),
        twitch: { configured: deps.twitchMissing.length === 0, missing: deps.twitchMissing },
        local: { enabled: local.password !== undefined },
      }),
    )
    .post('/api/auth/login', async (c) => {
      const body = await readJson(c, loginBody);
      if (local.password === undefined) {
        throw new DomainError(
          'forbidden',
          'local login is off (WEB_PASSWORD is not set); log in with Twitch',
        );
      }
      const key = `${clientAddress(c)}\n${body.username.trim().toLowerCase()}`;
      const waitMs = deps.throttle.retryAfterMs(key);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        c.header('Retry-After', String(seconds));
        return c.json(
          {
            error: {
              code: 'too_many_requests',
              message: `too many failed logins for this user from your address; try again in ${seconds} s`,
            },
          },
          429,
        );
      }
      // Both compared, always, so the answer takes as long whichever is wrong.
      const nameOk = safeEqual(body.username.trim().toLowerCase(), local.username.toLowerCase());
      const passwordOk = safeEqual(body.password, local.password);
      if (!(nameOk && passwordOk)) {
        deps.throttle.failed(key);
        throw new DomainError('unauthenticated', 'wrong user name or password');
      }
      deps.throttle.succeeded(key);
      const user = await deps.users.ensureLocalUser(local.username);
      const old = getCookie(c, SESSION_COOKIE);
      if (old !== undefined) await deps.sessions.delete(old);
      setSessionCookie(c, deps.publicUrl, await deps.sessions.create(user.id));
      return c.json({ user });
    })
    .post('/api/auth/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token !== undefined) await deps.sessions.delete(token);
      clearSessionCookie(c, deps.publicUrl);
      return c.json({ user: null });
    });
}
