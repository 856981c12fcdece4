// Sessions on discord-bot's HTTP side: the shared session kit (@homelab/nats/web:
// cookie, the guard that keeps /api/* behind a login except /api/info and
// /api/auth/*, the cross-site check) with discord-bot's cookie and user, and
// which guilds the signed-in user may see and change.
import type { Context, Env, MiddlewareHandler } from 'hono';
import { every } from 'hono/combine';
import { guildRecheckMiddleware } from '../auth/guild-recheck.ts';
import { createSessionKit, sessionOf, type SessionKit } from '@homelab/nats/web';
import type { SqlDatabase } from '@homelab/nats';
import { createSessionStore, type SessionStore } from '@homelab/nats/web';
import { toWebUser, USER_COLUMNS, type UserRow, type WebUser } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';
import type { GuildAccess } from './guild-access.ts';

export type { WebUser } from '../db/user-store.ts';
export { fromOwnOrigin, isPublicApiPath } from '@homelab/nats/web';

export const SESSION_COOKIE = 'dbot_session';

export type WebSessionStore = SessionStore<WebUser>;

export function createWebSessionStore(
  db: { sql: SqlDatabase },
  options: { ttlMs: number; touchEveryMs?: number },
): WebSessionStore {
  return createSessionStore(db, {
    ...options,
    user: { columns: USER_COLUMNS, fromRow: (row) => toWebUser(row as unknown as UserRow) },
  });
}

export interface SessionDeps {
  sessions: WebSessionStore;
  /** PUBLIC_URL: its origin is always allowed, and https there makes the cookie Secure. */
  publicUrl: string;
}

export function sessionKit(deps: SessionDeps): SessionKit<WebUser> {
  return createSessionKit({
    sessions: deps.sessions,
    cookieName: SESSION_COOKIE,
    publicUrl: deps.publicUrl,
    loginHint: 'POST /api/auth/login or /auth/discord/login',
    unauthenticated: (message) => new DomainError('unauthenticated', message),
  });
}

/**
 * For /api/*: the shared guard (cross-site check, session, 401 off the public paths), then,
 * for a Discord user, the re-read of the guilds they manage when it is due.
 */
export function webSessionGuard(
  deps: SessionDeps & { recheck?: (user: WebUser) => Promise<boolean> },
): MiddlewareHandler {
  const kit = sessionKit(deps);
  if (!deps.recheck) return kit.guard();
  return every(
    kit.guard(),
    guildRecheckMiddleware(deps.recheck, kit.optionalUser, kit.clearCookie),
  );
}

/** The signed-in user; throws unauthenticated on a route the guard does not cover. */
export function currentUser<E extends Env>(c: Context<E>): WebUser {
  const user = sessionOf<WebUser>(c as unknown as Context)?.user;
  if (!user) throw new DomainError('unauthenticated', 'log in first');
  return user;
}

/** The user when there is a session, else null (for public routes such as /api/auth/me). */
export function optionalUser<E extends Env>(c: Context<E>): WebUser | null {
  return sessionOf<WebUser>(c as unknown as Context)?.user ?? null;
}

/** Whether the user may see and change a guild: the local admin all, others those they manage. */
export function manages(user: WebUser, guildId: string): boolean {
  return user.admin || user.managedGuildIds.includes(guildId);
}

/**
 * Signed in and managing the guild, else 401 / 404 — like every guild-scoped route
 * (http/guild-access.ts): a guild one does not manage is answered as if it did not exist.
 */
export function requireManager<E extends Env>(c: Context<E>, guildId: string): WebUser {
  const user = currentUser(c);
  if (!manages(user, guildId)) {
    throw new DomainError(
      'not_found',
      `you do not manage guild ${guildId} (Manage Server or Administrator is needed there; ` +
        'log in with Discord again after getting it)',
    );
  }
  return user;
}

/** The session's view for routes built on GuildAccess: the local admin every guild. */
export const sessionGuildAccess: GuildAccess = {
  allowedGuilds(c) {
    const user = currentUser(c);
    return Promise.resolve(user.admin ? null : user.managedGuildIds);
  },
  actor(c) {
    const user = optionalUser(c);
    return Promise.resolve(
      user?.discordId ? { userId: user.discordId, username: user.username } : null,
    );
  },
};
