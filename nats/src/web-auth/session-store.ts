// Browser sessions over a service's `sessions` table (id, user_id, created_at,
// last_seen_at, expires_at) joined to its `users` table. The cookie carries a
// random 32-byte token; the table keeps only its SHA-256, so a copy of the
// database opens no session. A session ends at its expiry (pushed forward while
// it is used), on logout, or when pruned. Which user columns a session carries
// is the service's: it names them and turns the row into its own user type.
//
// While the database is unreachable, a session the database confirmed lately
// (within outageGraceMs) still opens the routes that need no database — the
// dashboard's read models above all — instead of every request failing at the
// session check. Everything else still answers 503, and a logout on this
// instance ends the session at once all the same.
import { createHash, randomBytes } from 'node:crypto';
import { isDatabaseUnavailable } from '../db/db-errors.ts';
import type { SqlDatabase } from '../db/sql.ts';

export interface SessionStoreOptions<U> {
  ttlMs: number;
  /** last_seen_at (and the expiry) is written at most this often per session. */
  touchEveryMs?: number;
  /**
   * How long after the database last confirmed a session it is still honoured while the database
   * is unreachable (default 15 min; 0 turns this off). Bounded to the newest 1,000 sessions.
   */
  outageGraceMs?: number;
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
const REMEMBERED_SESSIONS = 1000;

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
  const outageGraceMs = options.outageGraceMs ?? 15 * 60_000;
  const expiry = () => new Date(Date.now() + options.ttlMs);
  /** Sessions the database confirmed, newest last, by stored hash. */
  const confirmed = new Map<string, { session: OpenSession<U>; userId: string; at: number }>();
  const remember = (session: OpenSession<U>, userId: string) => {
    if (outageGraceMs <= 0) return;
    confirmed.delete(session.id);
    confirmed.set(session.id, { session, userId, at: Date.now() });
    if (confirmed.size > REMEMBERED_SESSIONS) {
      const oldest = confirmed.keys().next().value;
      if (oldest !== undefined) confirmed.delete(oldest);
    }
  };

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
      const id = hashSessionToken(token);
      let row: SessionRow | undefined;
      try {
        [row] = await db.sql.query<SessionRow>(
          `SELECT s.id AS session_id, s.expires_at, s.last_seen_at, u.id AS user_id,
             ${options.user.columns}
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.id = $1 AND s.expires_at > now()`,
          [id],
        );
      } catch (err) {
        if (!isDatabaseUnavailable(err)) throw err;
        const known = confirmed.get(id);
        const now = Date.now();
        if (known && now - known.at <= outageGraceMs && known.session.expiresAt.getTime() > now) {
          return known.session;
        }
        throw err;
      }
      if (!row) {
        confirmed.delete(id);
        return null;
      }
      let expiresAt = new Date(row.expires_at);
      if (Date.now() - new Date(row.last_seen_at).getTime() >= touchEveryMs) {
        const pushed = expiry();
        try {
          await db.sql.execute(
            'UPDATE sessions SET last_seen_at = now(), expires_at = $2::timestamptz WHERE id = $1',
            [row.session_id, pushed],
          );
          expiresAt = pushed;
        } catch (err) {
          // The session was just read: keeping it open without the touch loses nothing.
          if (!isDatabaseUnavailable(err)) throw err;
        }
      }
      const session = { id: row.session_id, expiresAt, user: options.user.fromRow(row) };
      remember(session, row.user_id);
      return session;
    },

    async delete(token) {
      const id = hashSessionToken(token);
      confirmed.delete(id);
      await db.sql.execute('DELETE FROM sessions WHERE id = $1', [id]);
    },

    deleteForUser: (userId) => {
      for (const [id, known] of confirmed) if (known.userId === userId) confirmed.delete(id);
      return db.sql.execute('DELETE FROM sessions WHERE user_id = $1::uuid', [userId]);
    },

    prune: () => {
      const now = Date.now();
      for (const [id, known] of confirmed) {
        if (known.session.expiresAt.getTime() <= now) confirmed.delete(id);
      }
      return db.sql.execute('DELETE FROM sessions WHERE expires_at <= now()');
    },
  };
}
