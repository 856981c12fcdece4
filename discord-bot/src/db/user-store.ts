// Web users: the local admin (WEB_USERNAME; sees every guild) and everyone who
// logged in with Discord. Discord's OAuth tokens are sealed with the secret box
// before they are written; the database never holds them in plain text. The
// users table wants a discord_id, so the local admin's is `local:<name>` (a
// Discord id is all digits, so the two never meet).
import type { SqlDatabase } from '@homelab/nats';
import type { SecretBox } from '@homelab/nats/web';
import { DomainError } from '../domain/errors.ts';

/** Who is signed in, as route handlers see it. */
export interface WebUser {
  id: string;
  /** Null for the local admin. */
  discordId: string | null;
  username: string;
  globalName: string | null;
  avatar: string | null;
  /** The local admin: every guild is theirs to manage. */
  admin: boolean;
  /** Guilds with Manage Server or Administrator, as of the last Discord login. */
  managedGuildIds: string[];
}

export interface DiscordTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Null when Discord gave no lifetime. */
  expiresAt: Date | null;
}

export interface DiscordIdentity {
  discordId: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
  managedGuildIds: string[];
  tokens: DiscordTokens;
}

export interface UserStore {
  /** The local admin, created on first use. */
  ensureLocalUser(username: string): Promise<WebUser>;
  /** Creates or updates the user of a Discord login, with sealed tokens. */
  upsertDiscordUser(identity: DiscordIdentity): Promise<WebUser>;
  /** Opened tokens; null when the user has none (or is the local admin). */
  discordTokens(userId: string): Promise<DiscordTokens | null>;
  /** After a refresh: the new tokens, sealed. */
  saveDiscordTokens(userId: string, tokens: DiscordTokens): Promise<void>;
  /** The guilds the user manages, as Discord says now. */
  setManagedGuilds(userId: string, guildIds: string[]): Promise<void>;
}

const LOCAL_PREFIX = 'local:';

/** users columns (as `u.`) a WebUser is built from. */
export const USER_COLUMNS =
  'u.discord_id, u.username, u.global_name, u.avatar, u.managed_guild_ids';

export interface UserRow {
  user_id: string;
  discord_id: string;
  username: string;
  global_name: string | null;
  avatar: string | null;
  managed_guild_ids: string[] | null;
}

export function toWebUser(row: UserRow): WebUser {
  const admin = row.discord_id.startsWith(LOCAL_PREFIX);
  return {
    id: row.user_id,
    discordId: admin ? null : row.discord_id,
    username: row.username,
    globalName: row.global_name,
    avatar: row.avatar,
    admin,
    managedGuildIds: admin ? [] : (row.managed_guild_ids ?? []),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETURNING = `RETURNING id AS user_id, ${USER_COLUMNS.replaceAll('u.', '')}`;

export function createUserStore(db: { sql: SqlDatabase }, box?: SecretBox): UserStore {
  const requireBox = () => {
    if (!box) {
      throw new DomainError(
        'unavailable',
        'Discord tokens cannot be stored or read: TOKEN_ENCRYPTION_KEY is not set',
      );
    }
    return box;
  };

  return {
    async ensureLocalUser(username) {
      const [row] = await db.sql.query<UserRow>(
        `INSERT INTO users (discord_id, username) VALUES ($1, $2)
         ON CONFLICT (discord_id) DO UPDATE SET last_login_at = now()
         ${RETURNING}`,
        [LOCAL_PREFIX + username.toLowerCase(), username],
      );
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      return toWebUser(row);
    },

    async upsertDiscordUser(identity) {
      const sealed = requireBox();
      const { tokens } = identity;
      const [row] = await db.sql.query<UserRow>(
        `INSERT INTO users (discord_id, username, global_name, avatar, access_token_enc,
           refresh_token_enc, token_expires_at, managed_guild_ids, last_login_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8::text[], now())
         ON CONFLICT (discord_id) DO UPDATE SET username = EXCLUDED.username,
           global_name = EXCLUDED.global_name, avatar = EXCLUDED.avatar,
           access_token_enc = EXCLUDED.access_token_enc,
           refresh_token_enc = EXCLUDED.refresh_token_enc,
           token_expires_at = EXCLUDED.token_expires_at,
           managed_guild_ids = EXCLUDED.managed_guild_ids, last_login_at = now()
         ${RETURNING}`,
        [
          identity.discordId,
          identity.username,
          identity.globalName,
          identity.avatar,
          sealed.seal(tokens.accessToken),
          tokens.refreshToken === null ? null : sealed.seal(tokens.refreshToken),
          tokens.expiresAt,
          identity.managedGuildIds,
        ],
      );
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      return toWebUser(row);
    },

    async discordTokens(userId) {
      if (!UUID.test(userId)) return null;
      const [row] = await db.sql.query<{
        access_token_enc: string | null;
        refresh_token_enc: string | null;
        token_expires_at: Date | string | null;
      }>(
        `SELECT access_token_enc, refresh_token_enc, token_expires_at
         FROM users WHERE id = $1::uuid`,
        [userId],
      );
      if (!row?.access_token_enc) return null;
      const opened = requireBox();
      return {
        accessToken: opened.open(row.access_token_enc),
        refreshToken: row.refresh_token_enc ? opened.open(row.refresh_token_enc) : null,
        expiresAt: row.token_expires_at === null ? null : new Date(row.token_expires_at),
      };
    },

    async saveDiscordTokens(userId, tokens) {
      const sealed = requireBox();
      await db.sql.execute(
        `UPDATE users SET access_token_enc = $2, refresh_token_enc = $3,
           token_expires_at = $4::timestamptz WHERE id = $1::uuid`,
        [
          userId,
          sealed.seal(tokens.accessToken),
          tokens.refreshToken === null ? null : sealed.seal(tokens.refreshToken),
          tokens.expiresAt,
        ],
      );
    },

    async setManagedGuilds(userId, guildIds) {
      await db.sql.execute('UPDATE users SET managed_guild_ids = $2::text[] WHERE id = $1::uuid', [
        userId,
        guildIds,
      ]);
    },
  };
}
