// Users: the local account (WEB_USERNAME, no Twitch id) and everyone who logged
// in with Twitch. Twitch tokens are sealed with the secret box before they are
// written and opened when read; the database never holds them in plain text.
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import type { SecretBox } from '@homelab/nats/web';
import { DomainError } from '../domain/errors.ts';

/** Who is signed in, as route handlers see it. */
export interface SessionUser {
  id: string;
  login: string;
  displayName: string;
  /** Null for the local account. */
  twitchId: string | null;
}

export interface TwitchTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Null when Twitch gave no lifetime. */
  expiresAt: Date | null;
  scopes: string[];
}

export interface TwitchIdentity {
  twitchId: string;
  login: string;
  displayName: string;
  scopes: string[];
  tokens: TwitchTokens;
}

export interface UserStore {
  byId(id: string): Promise<SessionUser | null>;
  /** The local account, created on first use. */
  ensureLocalUser(login: string): Promise<SessionUser>;
  /**
   * Creates or updates the user of a Twitch login with sealed tokens, and gives a new
   * user a bot configuration that joins their own channel; one transaction.
   */
  upsertTwitchUser(identity: TwitchIdentity): Promise<SessionUser>;
  /** Opened tokens; null when the user has none (or is the local account). */
  twitchTokens(userId: string): Promise<TwitchTokens | null>;
  saveTwitchTokens(userId: string, tokens: TwitchTokens): Promise<void>;
}

interface UserRow {
  id: string;
  login: string;
  display_name: string;
  twitch_id: string | null;
}

interface TokenRow {
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | string | null;
  scopes: string[] | null;
}

const COLUMNS = 'id, login, display_name, twitch_id';

export function toSessionUser(row: UserRow): SessionUser {
  return { id: row.id, login: row.login, displayName: row.display_name, twitchId: row.twitch_id };
}

function requireBox(box: SecretBox | undefined): SecretBox {
  if (!box) {
    throw new DomainError(
      'unavailable',
      'Twitch tokens cannot be stored or read: TOKEN_ENCRYPTION_KEY is not set',
    );
  }
  return box;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createUserStore(db: { sql: SqlDatabase }, box?: SecretBox): UserStore {
  const one = async (client: SqlClient, sql: string, params: unknown[]) => {
    const [row] = await client.query<UserRow>(sql, params);
    return row ? toSessionUser(row) : null;
  };

  return {
    byId: async (id) =>
      UUID.test(id) ? one(db.sql, `SELECT ${COLUMNS} FROM users WHERE id = $1::uuid`, [id]) : null,

    async ensureLocalUser(login) {
      const found = await one(
        db.sql,
        `SELECT ${COLUMNS} FROM users WHERE login = $1 AND twitch_id IS NULL`,
        [login],
      );
      if (found) return found;
      const created = await one(
        db.sql,
        `INSERT INTO users (login, display_name) VALUES ($1, $1)
         ON CONFLICT (login) DO NOTHING RETURNING ${COLUMNS}`,
        [login],
      );
      if (created) return created;
      // Raced with another first login, or a Twitch account has this name.
      const again = await one(
        db.sql,
        `SELECT ${COLUMNS} FROM users WHERE login = $1 AND twitch_id IS NULL`,
        [login],
      );
      if (again) return again;
      throw new DomainError(
        'conflict',
        `a Twitch account named "${login}" already exists; set WEB_USERNAME to another name`,
      );
    },

    upsertTwitchUser(identity) {
      const sealed = requireBox(box);
      const { tokens } = identity;
      return db.sql.transaction(async (tx) => {
        const local = await one(
          tx,
          `SELECT ${COLUMNS} FROM users WHERE login = $1 AND twitch_id IS NULL`,
          [identity.login],
        );
        if (local) {
          throw new DomainError(
            'conflict',
            `the local account is named "${identity.login}" like this Twitch account; ` +
              'set WEB_USERNAME to another name',
          );
        }
        // A Twitch login can move to another account after a rename: the stale row gives it up.
        await tx.execute(
          `UPDATE users SET login = login || '~' || twitch_id
           WHERE login = $1 AND twitch_id IS NOT NULL AND twitch_id <> $2`,
          [identity.login, identity.twitchId],
        );
        const [row] = await tx.query<UserRow>(
          `INSERT INTO users (twitch_id, login, display_name, scopes, access_token_enc,
             refresh_token_enc, token_expires_at, last_login_at)
           VALUES ($1, $2, $3, $4::text[], $5, $6, $7::timestamptz, now())
           ON CONFLICT (twitch_id) DO UPDATE SET login = EXCLUDED.login,
             display_name = EXCLUDED.display_name, scopes = EXCLUDED.scopes,
             access_token_enc = EXCLUDED.access_token_enc,
             refresh_token_enc = EXCLUDED.refresh_token_enc,
             token_expires_at = EXCLUDED.token_expires_at, last_login_at = now(),
             updated_at = now()
           RETURNING ${COLUMNS}`,
          [
            identity.twitchId,
            identity.login,
            identity.displayName,
            identity.scopes,
            sealed.seal(tokens.accessToken),
            tokens.refreshToken === null ? null : sealed.seal(tokens.refreshToken),
            tokens.expiresAt,
          ],
        );
        if (!row) throw new Error('INSERT … RETURNING gave no row');
        // A new user's bot joins their own channel until they choose others.
        await tx.execute(
          `INSERT INTO bot_config (user_id, channels) VALUES ($1::uuid, $2::text[])
           ON CONFLICT (user_id) DO NOTHING`,
          [row.id, [identity.login.toLowerCase()]],
        );
        return toSessionUser(row);
      });
    },

    async twitchTokens(userId) {
      if (!UUID.test(userId)) return null;
      const [row] = await db.sql.query<TokenRow>(
        `SELECT access_token_enc, refresh_token_enc, token_expires_at, scopes
         FROM users WHERE id = $1::uuid`,
        [userId],
      );
      if (!row?.access_token_enc) return null;
      const opened = requireBox(box);
      return {
        accessToken: opened.open(row.access_token_enc),
        refreshToken: row.refresh_token_enc ? opened.open(row.refresh_token_enc) : null,
        expiresAt: row.token_expires_at === null ? null : new Date(row.token_expires_at),
        scopes: row.scopes ?? [],
      };
    },

    async saveTwitchTokens(userId, tokens) {
      const sealed = requireBox(box);
      if (!UUID.test(userId))
        throw new DomainError('not_found', `no Twitch user with id ${userId}`);
      const changed = await db.sql.execute(
        `UPDATE users SET access_token_enc = $2, refresh_token_enc = $3,
           token_expires_at = $4::timestamptz, scopes = $5::text[], updated_at = now()
         WHERE id = $1::uuid AND twitch_id IS NOT NULL`,
        [
          userId,
          sealed.seal(tokens.accessToken),
          tokens.refreshToken === null ? null : sealed.seal(tokens.refreshToken),
          tokens.expiresAt,
          tokens.scopes,
        ],
      );
      if (changed === 0) throw new DomainError('not_found', `no Twitch user with id ${userId}`);
    },
  };
}
