// spotify_accounts: one connected Spotify account per stream-bot user, its
// tokens sealed with the secret box before they are written and opened when
// read. A refresh Spotify refuses drops the refresh token and expires the access
// token: an account without a usable token is one to connect again.
import type { SqlDatabase } from '@homelab/nats';
import type { SecretBox } from '@homelab/nats/web';
import { DomainError } from '../domain/errors.ts';
import type { SpotifyTokens } from './spotify-client.ts';

export interface SpotifyAccount {
  userId: string;
  spotifyUserId: string;
  displayName: string;
  scopes: string[];
  /** Spotify refused the refresh: only connecting again helps. */
  needsReconnect: boolean;
  connectedAt: Date;
}

export interface StoredTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

interface Row {
  user_id: string;
  spotify_user_id: string;
  display_name: string;
  scopes: string[] | null;
  access_token_enc: string;
  refresh_token_enc: string | null;
  token_expires_at: Date | string | null;
  created_at: Date | string;
}

const COLUMNS = `user_id, spotify_user_id, display_name, scopes, access_token_enc,
  refresh_token_enc, token_expires_at, created_at`;

function accountOf(row: Row): SpotifyAccount {
  const expires = row.token_expires_at === null ? null : new Date(row.token_expires_at);
  return {
    userId: row.user_id,
    spotifyUserId: row.spotify_user_id,
    displayName: row.display_name,
    scopes: row.scopes ?? [],
    needsReconnect:
      row.refresh_token_enc === null && expires !== null && expires.getTime() <= Date.now(),
    connectedAt: new Date(row.created_at),
  };
}

/** Postgres 23505 as pg reports it, or as Prisma wraps it (P2002, or P2010 with meta.code). */
function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; meta?: { code?: unknown } };
  return e.code === '23505' || e.code === 'P2002' || e.meta?.code === '23505';
}

export function createSpotifyAccounts(db: { sql: SqlDatabase }, box: SecretBox | undefined) {
  const requireBox = () => {
    if (!box) {
      throw new DomainError(
        'unavailable',
        'Spotify tokens cannot be stored or read: TOKEN_ENCRYPTION_KEY is not set',
      );
    }
    return box;
  };

  async function row(userId: string): Promise<Row | undefined> {
    const [found] = await db.sql.query<Row>(
      `SELECT ${COLUMNS} FROM spotify_accounts WHERE user_id = $1::uuid`,
      [userId],
    );
    return found;
  }

  return {
    async get(userId: string): Promise<SpotifyAccount | null> {
      const found = await row(userId);
      return found ? accountOf(found) : null;
    },

    /** The opened tokens, or null when the user has no account connected. */
    async tokens(userId: string): Promise<StoredTokens | null> {
      const found = await row(userId);
      if (!found) return null;
      const opened = requireBox();
      return {
        accessToken: opened.open(found.access_token_enc),
        refreshToken: found.refresh_token_enc ? opened.open(found.refresh_token_enc) : null,
        expiresAt: found.token_expires_at === null ? null : new Date(found.token_expires_at),
      };
    },

    /** Connects (or reconnects) the user's account; 409 when another user has it. */
    async upsert(
      userId: string,
      account: { spotifyUserId: string; displayName: string },
      tokens: SpotifyTokens,
    ): Promise<SpotifyAccount> {
      const sealed = requireBox();
      const taken = () =>
        new DomainError(
          'conflict',
          `the Spotify account "${account.displayName}" is already connected to another ` +
            'stream-bot user; disconnect it there first',
        );
      const [other] = await db.sql.query<{ user_id: string }>(
        'SELECT user_id FROM spotify_accounts WHERE spotify_user_id = $1 AND user_id <> $2::uuid',
        [account.spotifyUserId, userId],
      );
      if (other) throw taken();
      try {
        const [saved] = await db.sql.query<Row>(
          `INSERT INTO spotify_accounts (user_id, spotify_user_id, display_name, scopes,
             access_token_enc, refresh_token_enc, token_expires_at)
           VALUES ($1::uuid, $2, $3, $4::text[], $5, $6, $7::timestamptz)
           ON CONFLICT (user_id) DO UPDATE SET spotify_user_id = EXCLUDED.spotify_user_id,
             display_name = EXCLUDED.display_name, scopes = EXCLUDED.scopes,
             access_token_enc = EXCLUDED.access_token_enc,
             refresh_token_enc = EXCLUDED.refresh_token_enc,
             token_expires_at = EXCLUDED.token_expires_at, updated_at = now()
           RETURNING ${COLUMNS}`,
          [
            userId,
            account.spotifyUserId,
            account.displayName,
            tokens.scopes,
            sealed.seal(tokens.accessToken),
            tokens.refreshToken === null ? null : sealed.seal(tokens.refreshToken),
            tokens.expiresAt,
          ],
        );
        if (!saved) throw new Error('INSERT … RETURNING gave no row');
        return accountOf(saved);
      } catch (err) {
        throw isUniqueViolation(err) ? taken() : err;
      }
    },

    /** After a refresh: the new access token, and the refresh token when Spotify sent one. */
    async saveTokens(userId: string, tokens: SpotifyTokens): Promise<void> {
      const sealed = requireBox();
      await db.sql.execute(
        `UPDATE spotify_accounts SET access_token_enc = $2,
           refresh_token_enc = COALESCE($3, refresh_token_enc),
           token_expires_at = $4::timestamptz, updated_at = now()
         WHERE user_id = $1::uuid`,
        [
          userId,
          sealed.seal(tokens.accessToken),
          tokens.refreshToken === null ? null : sealed.seal(tokens.refreshToken),
          tokens.expiresAt,
        ],
      );
    },

    /** Spotify refused the refresh token: drop it, so the account shows "connect again". */
    async refreshRefused(userId: string): Promise<void> {
      await db.sql.execute(
        `UPDATE spotify_accounts SET refresh_token_enc = NULL, token_expires_at = now(),
           updated_at = now() WHERE user_id = $1::uuid`,
        [userId],
      );
    },

    async remove(userId: string): Promise<boolean> {
      return (
        (await db.sql.execute('DELETE FROM spotify_accounts WHERE user_id = $1::uuid', [userId])) >
        0
      );
    },

    /** Users with a usable account whose bot is switched on (the now-playing poll's list). */
    async activeOwners(): Promise<string[]> {
      const rows = await db.sql.query<{ user_id: string }>(
        `SELECT s.user_id FROM spotify_accounts s JOIN bot_config b ON b.user_id = s.user_id
         WHERE b.enabled AND (s.refresh_token_enc IS NOT NULL OR s.token_expires_at > now())
         ORDER BY s.user_id`,
        [],
      );
      return rows.map((r) => r.user_id);
    },
  };
}

export type SpotifyAccounts = ReturnType<typeof createSpotifyAccounts>;
