// Sessions on the dashboard's HTTP side: the shared session kit (@homelab/nats/web:
// cookie, the guard that keeps /api/* behind a login except /api/info and
// /api/auth/*, the cross-site check on state-changing requests) with the
// dashboard's cookie and user.
import type { SqlDatabase } from '@homelab/nats';
import {
  createSessionKit,
  createSessionStore,
  sessionOf,
  type SessionKit,
  type SessionStore,
} from '@homelab/nats/web';
import type { Context } from 'hono';
import { toWebUser, USER_COLUMNS, type WebUser } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';

export type { WebUser } from '../db/user-store.ts';

export const SESSION_COOKIE = 'dash_session';

export type WebSessionStore = SessionStore<WebUser>;

export function createWebSessionStore(
  db: { sql: SqlDatabase },
  options: { ttlMs: number; touchEveryMs?: number },
): WebSessionStore {
  return createSessionStore(db, {
    ...options,
    user: { columns: USER_COLUMNS, fromRow: toWebUser },
  });
}

export function sessionKit(deps: {
  sessions: WebSessionStore;
  publicUrl: string;
}): SessionKit<WebUser> {
  return createSessionKit({
    sessions: deps.sessions,
    cookieName: SESSION_COOKIE,
    publicUrl: deps.publicUrl,
    loginHint: 'POST /api/auth/login',
    unauthenticated: (message) => new DomainError('unauthenticated', message),
  });
}

/** The signed-in user; throws unauthenticated on a route the guard does not cover. */
export function currentUser(c: Context): WebUser {
  const user = sessionOf<WebUser>(c)?.user;
  if (!user) throw new DomainError('unauthenticated', 'log in first: POST /api/auth/login');
  return user;
}

/** The user when there is a session, else null (for /api/auth/me). */
export function optionalUser(c: Context): WebUser | null {
  return sessionOf<WebUser>(c)?.user ?? null;
}
