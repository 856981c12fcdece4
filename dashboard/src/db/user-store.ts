// The dashboard's one account (WEB_USERNAME). Its row exists so sessions have a
// user to belong to; the password is never stored (it is compared with
// WEB_PASSWORD at login), so changing WEB_PASSWORD takes effect at once.
import type { SqlDatabase } from '@homelab/nats';

/** Who is signed in, as route handlers see it. */
export interface WebUser {
  id: string;
  username: string;
}

/** The columns of `users u` a session carries (see @homelab/nats/web's session store). */
export const USER_COLUMNS = 'u.username';

export function toWebUser(row: Record<string, unknown> & { user_id: string }): WebUser {
  return { id: row.user_id, username: String(row.username) };
}

export function createUserStore(db: { sql: SqlDatabase }) {
  return {
    /** The account's user, created on its first login; notes the login time. */
    async ensureUser(username: string): Promise<WebUser> {
      const [row] = await db.sql.query<{ id: string; username: string }>(
        `INSERT INTO users (username, last_login_at) VALUES ($1, now())
         ON CONFLICT (username) DO UPDATE SET last_login_at = now()
         RETURNING id, username`,
        [username],
      );
      if (!row) throw new Error('users upsert returned no row');
      return { id: row.id, username: row.username };
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
