// Browser sessions. The cookie carries a random 32-byte token; the table keeps
// only its SHA-256, so a copy of the database opens no session. A session ends
// at its expiry (pushed forward while it is used), on logout, or when pruned.
import { createHash, randomBytes } from 'node:crypto';
import type { SqlDatabase } from '@homelab/nats';
import { toSessionUser, type SessionUser } from './user-store.ts';

export interface SessionStoreOptions {
  ttlMs: number;
  /** last_seen_at (and the expiry) is written at most this often per session. */
  touchEveryMs?: number;
}

export interface OpenSession {
  /** The stored hash; never the token. */
  id: string;
  user: SessionUser;
  expiresAt: Date;
}

export interface SessionStore {
  /** A new session; the token goes into the cookie and nowhere else. */
  create(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The live session of a token, or null (unknown, malformed or expired). */
  lookup(token: string): Promise<OpenSession | null>;
  delete(token: string): Promise<void>;
  deleteForUser(userId: string): Promise<number>;
  /** Deletes expired sessions; returns how many. */
  prune(): Promise<number>;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface Row {
  id: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  user_id: string;
  login: string;
  display_name: string;
  twitch_id: string | null;
}

export function createSessionStore(
  db: { sql: SqlDatabase },
  options: SessionStoreOptions,
): SessionStore {
  const touchEveryMs = options.touchEveryMs ?? 60_000;
  const expiry = () => new Date(Date.now() + options.ttlMs);

  return {
    async create(userId) {
      const token = randomBytes(32).toString('base64url');
      const expiresAt = expiry();
      await db.sql.execute(
        'INSERT INTO sessions (id, user_id, expires_at) VALUES ($1, $2::uuid, $3::timestamptz)',
        [hashSessionToken(token), userId, expiresAt],
      );
      return { token, expiresAt };
    },

    async lookup(token) {
      if (!TOKEN.test(token)) return null;
      const [row] = await db.sql.query<Row>(
        `SELECT s.id, s.expires_at, s.last_seen_at, u.id AS user_id, u.login, u.display_name,
           u.twitch_id
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id = $1 AND s.expires_at > now()`,
        [hashSessionToken(token)],
      );
      if (!row) return null;
      let expiresAt = new Date(row.expires_at);
      if (Date.now() - new Date(row.last_seen_at).getTime() >= touchEveryMs) {
        expiresAt = expiry();
        await db.sql.execute(
          'UPDATE sessions SET last_seen_at = now(), expires_at = $2::timestamptz WHERE id = $1',
          [row.id, expiresAt],
        );
      }
      return {
        id: row.id,
        expiresAt,
        user: toSessionUser({ ...row, id: row.user_id }),
      };
    },

    async delete(token) {
      await db.sql.execute('DELETE FROM sessions WHERE id = $1', [hashSessionToken(token)]);
    },

    deleteForUser: (userId) =>
      db.sql.execute('DELETE FROM sessions WHERE user_id = $1::uuid', [userId]),

    prune: () => db.sql.execute('DELETE FROM sessions WHERE expires_at <= now()'),
  };
}
