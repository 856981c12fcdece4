// stream-bot's browser sessions: the shared session store (@homelab/nats/web)
// over its `sessions` table, each carrying the user as route handlers see it.
import type { SqlDatabase } from '@homelab/nats';
import {
  createSessionStore as createSharedSessionStore,
  type OpenSession as SharedOpenSession,
  type SessionStore as SharedSessionStore,
} from '@homelab/nats/web';
import { toSessionUser, type SessionUser } from './user-store.ts';

export { hashSessionToken } from '@homelab/nats/web';

export interface SessionStoreOptions {
  ttlMs: number;
  /** last_seen_at (and the expiry) is written at most this often per session. */
  touchEveryMs?: number;
}

export type OpenSession = SharedOpenSession<SessionUser>;
export type SessionStore = SharedSessionStore<SessionUser>;

export function createSessionStore(
  db: { sql: SqlDatabase },
  options: SessionStoreOptions,
): SessionStore {
  return createSharedSessionStore(db, {
    ...options,
    user: {
      columns: 'u.login, u.display_name, u.twitch_id',
      fromRow: (row) =>
        toSessionUser({
          id: row.user_id,
          login: row.login as string,
          display_name: row.display_name as string,
          twitch_id: row.twitch_id as string | null,
        }),
    },
  });
}
