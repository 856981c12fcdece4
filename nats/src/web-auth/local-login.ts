// The local account's login (WEB_USERNAME / WEB_PASSWORD): both compared in
// constant time, a client address + user name locked out for a while after
// repeated failures (login-throttle.ts), a fresh session on success.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { errorBody } from '../runtime/http-errors.ts';
import type { Logger } from '../runtime/logger.ts';
import { safeEqual } from './crypto.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { SessionKit } from './session.ts';

export interface LocalLoginOptions<U extends { id: string }> {
  local: { username: string; password: string | undefined };
  throttle: LoginThrottle;
  kit: SessionKit<U>;
  /** The local account's user, created on first use. */
  ensureLocalUser(username: string): Promise<U>;
  /** The other way in, named when local login is off (e.g. 'log in with Twitch'). */
  otherLogin: string;
  /** Logins, failures and lock-outs (never a password). */
  log?: Logger;
}

/** The client's address as the socket says (a proxy in front counts as one client). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * POST /api/auth/login with a parsed body: 200 { user } and the session cookie,
 * 401 wrong name or password, 403 local login off, 429 locked (with Retry-After).
 */
export function localLogin<U extends { id: string }>(options: LocalLoginOptions<U>) {
  const { local, throttle, log } = options;
  return async (c: Context, body: { username: string; password: string }): Promise<Response> => {
    if (local.password === undefined) {
      return c.json(
        errorBody(
          'forbidden',
          `local login is off (WEB_PASSWORD is not set); ${options.otherLogin}`,
        ),
        403,
      );
    }
    const ip = clientAddress(c);
    const key = `${ip}\n${body.username.trim().toLowerCase()}`;
    const waitMs = throttle.retryAfterMs(key);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      log?.warn({ ip, username: body.username }, 'login refused: locked');
      c.header('Retry-After', String(seconds));
      return c.json(
        errorBody(
          'too_many_requests',
          `too many failed logins for this user from your address; try again in ${seconds} s`,
        ),
        429,
      );
    }
    // Both compared, always, so the answer takes as long whichever is wrong.
    const nameOk = safeEqual(body.username.trim().toLowerCase(), local.username.toLowerCase());
    const passwordOk = safeEqual(body.password, local.password);
    if (!(nameOk && passwordOk)) {
      throttle.failed(key);
      log?.warn({ ip, username: body.username }, 'local login failed');
      return c.json(errorBody('unauthenticated', 'wrong user name or password'), 401);
    }
    throttle.succeeded(key);
    const user = await options.ensureLocalUser(local.username);
    log?.info({ ip, userId: user.id }, 'local login');
    await options.kit.begin(c, user.id);
    return c.json({ user });
  };
}
