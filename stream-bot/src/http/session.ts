// Sessions on stream-bot's HTTP side: the shared session kit (@homelab/nats/web:
// cookie, guard that keeps /api/* behind a login except /api/info and /api/auth/*,
// cross-site check) with stream-bot's cookie name and user type.
import type { Context, Env } from 'hono';
import { createSessionKit, sessionOf, type SessionKit } from '@homelab/nats/web';
import type { SessionStore } from '../db/session-store.ts';
import type { SessionUser } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';

export type { SessionUser } from '../db/user-store.ts';
export { fromOwnOrigin, isPublicApiPath } from '@homelab/nats/web';

export const SESSION_COOKIE = 'sb_session';

export interface SessionDeps {
  sessions: SessionStore;
  /** PUBLIC_URL: its origin is always allowed, and https there makes the cookie Secure. */
  publicUrl: string;
}

export function sessionKit(deps: SessionDeps): SessionKit<SessionUser> {
  return createSessionKit({
    sessions: deps.sessions,
    cookieName: SESSION_COOKIE,
    publicUrl: deps.publicUrl,
    loginHint: 'POST /api/auth/login or /auth/twitch/login',
    unauthenticated: (message) => new DomainError('unauthenticated', message),
  });
}

/** For /api/*: the cross-site check, then the session, then 401 unless the path is public. */
export const sessionGuard = (deps: SessionDeps) => sessionKit(deps).guard();

/** The signed-in user; throws unauthenticated on a route the guard does not cover. */
export function currentUser<E extends Env>(c: Context<E>): SessionUser {
  const user = sessionOf<SessionUser>(c as unknown as Context)?.user;
  if (!user) throw new DomainError('unauthenticated', 'log in first');
  return user;
}

/** The user when there is a session, else null (for public routes such as /api/auth/me). */
export function optionalUser<E extends Env>(c: Context<E>): SessionUser | null {
  return sessionOf<SessionUser>(c as unknown as Context)?.user ?? null;
}
