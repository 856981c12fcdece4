// Browser sessions over a service's `sessions` table (id, user_id, created_at,
// last_seen_at, expires_at) joined to its `users` table. The cookie carries a
// random 32-byte token; the table keeps only its SHA-256, so a copy of the
// database opens no session. A session ends at its expiry (pushed forward while
// it is used), on logout, or when pruned. Which user columns a session carries
// is the service's: it names them and turns the row into its own user type.
import { createHash, randomBytes } from 'node:crypto';
import type { SqlDatabase } from '../db/sql.ts';

export interface SessionStoreOptions<U> {
  ttlMs: number;
  /** last_seen_at (and the expiry) is written at most this often per session. */
  touchEveryMs?: number;
  /** The user a session belongs to, read in the same query as the session. */
  user: {
    /** Columns of `users u`, e.g. 'u.login, u.display_name' (u.id is always read as user_id). */
    columns: string;
    fromRow(row: Record<string, unknown> & { user_id: string }): U;
  };
}

export interface OpenSession<U> {
  /** The stored hash; never the token. */
  id: string;
  user: U;
  expiresAt: Date;
}

export interface SessionStore<U> {
  /** A new session; the token goes into the cookie and nowhere else. */
  create(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The live session of a token, or null (unknown, malformed or expired). */
  lookup(token: string): Promise<OpenSession<U> | null>;
  delete(token: string): Promise<void>;
  deleteForUser(userId: string): Promise<number>;
  /** Deletes expired sessions; returns how many. */
  prune(): Promise<number>;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface SessionRow extends Record<string, unknown> {
  session_id: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  user_id: string;
}

export function createSessionStore<U>(
  db: { sql: SqlDatabase },
  options: SessionStoreOptions<U>,
): SessionStore<U> {
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
      const [row] = await db.sql.query<SessionRow>(
        `SELECT s.id AS session_id, s.expires_at, s.last_seen_at, u.id AS user_id,
           ${options.user.columns}
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
          [row.session_id, expiresAt],
        );
      }
      return { id: row.session_id, expiresAt, user: options.user.fromRow(row) };
    },

    async delete(token) {
      await db.sql.execute('DELETE FROM sessions WHERE id = $1', [hashSessionToken(token)]);
    },

    deleteForUser: (userId) =>
      db.sql.execute('DELETE FROM sessions WHERE user_id = $1::uuid', [userId]),

    prune: () => db.sql.execute('DELETE FROM sessions WHERE expires_at <= now()'),
  };
}
