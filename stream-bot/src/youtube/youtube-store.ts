// youtube_accounts: one connected YouTube channel per stream-bot user. Tokens are
// sealed with the secret box before they are written and opened when read; the
// reader's place in the chat (live chat id, page token) and its quota block are
// kept here so a restart neither answers old messages nor spends blocked quota.
import type { SqlDatabase } from '@homelab/nats';
import type { SecretBox } from '@homelab/nats/web';
import type { GoogleTokens } from './google-oauth.ts';

export interface YouTubeAccount {
  userId: string;
  channelId: string;
  channelTitle: string;
  scopes: string[];
  tokens: GoogleTokens;
  enabled: boolean;
  broadcastId: string | null;
  liveChatId: string | null;
  pageToken: string | null;
  quotaBlockedUntil: Date | null;
  lastError: string | null;
}

interface Row {
  user_id: string;
  channel_id: string;
  channel_title: string;
  scopes: string[] | null;
  access_token_enc: string;
  refresh_token_enc: string | null;
  token_expires_at: Date | string | null;
  enabled: boolean;
  broadcast_id: string | null;
  live_chat_id: string | null;
  page_token: string | null;
  quota_blocked_until: Date | string | null;
  last_error: string | null;
}

const date = (v: Date | string | null) => (v === null ? null : new Date(v));

export type ChatPlace = Pick<
  YouTubeAccount,
  'broadcastId' | 'liveChatId' | 'pageToken' | 'quotaBlockedUntil' | 'lastError'
>;

export function createYouTubeStore(db: { sql: SqlDatabase }, box: SecretBox) {
  const { sql } = db;

  function toAccount(r: Row): YouTubeAccount {
    return {
      userId: r.user_id,
      channelId: r.channel_id,
      channelTitle: r.channel_title,
      scopes: r.scopes ?? [],
      tokens: {
        accessToken: box.open(r.access_token_enc),
        refreshToken: r.refresh_token_enc === null ? null : box.open(r.refresh_token_enc),
        expiresAt: date(r.token_expires_at),
        scopes: r.scopes ?? [],
      },
      enabled: r.enabled,
      broadcastId: r.broadcast_id,
      liveChatId: r.live_chat_id,
      pageToken: r.page_token,
      quotaBlockedUntil: date(r.quota_blocked_until),
      lastError: r.last_error,
    };
  }

  return {
    async get(userId: string): Promise<YouTubeAccount | null> {
      const [row] = await sql.query<Row>(
        'SELECT * FROM youtube_accounts WHERE user_id = $1::uuid',
        [userId],
      );
      return row ? toAccount(row) : null;
    },

    async enabledUsers(): Promise<string[]> {
      const rows = await sql.query<{ user_id: string }>(
        'SELECT user_id::text FROM youtube_accounts WHERE enabled ORDER BY created_at',
      );
      return rows.map((r) => r.user_id);
    },

    /** Whose account holds this channel, if anyone's. */
    async ownerOfChannel(channelId: string): Promise<string | null> {
      const [row] = await sql.query<{ user_id: string }>(
        'SELECT user_id::text FROM youtube_accounts WHERE channel_id = $1',
        [channelId],
      );
      return row?.user_id ?? null;
    },

    /**
     * A (re)connected account: fresh tokens, and the chat place and errors of an old
     * connection forgotten (another channel may have been chosen). Keeps `enabled`.
     */
    async connect(
      userId: string,
      channel: { id: string; title: string },
      tokens: GoogleTokens,
    ): Promise<void> {
      await sql.execute(
        `INSERT INTO youtube_accounts (user_id, channel_id, channel_title, scopes, access_token_enc,
   refresh_token_enc, token_expires_at)
 VALUES ($1::uuid, $2, $3, $4::text[], $5, $6, $7::timestamptz)
 ON CONFLICT (user_id) DO UPDATE SET channel_id = EXCLUDED.channel_id,
   channel_title = EXCLUDED.channel_title, scopes = EXCLUDED.scopes,
   access_token_enc = EXCLUDED.access_token_enc,
   refresh_token_enc = COALESCE(EXCLUDED.refresh_token_enc, youtube_accounts.refresh_token_enc),
   token_expires_at = EXCLUDED.token_expires_at, broadcast_id = NULL, live_chat_id = NULL,
   page_token = NULL, last_error = NULL, updated_at = now()`,
        [
          userId,
          channel.id,
          channel.title,
          tokens.scopes,
          box.seal(tokens.accessToken),
          tokens.refreshToken === null ? null : box.seal(tokens.refreshToken),
          tokens.expiresAt?.toISOString() ?? null,
        ],
      );
    },

    async saveTokens(userId: string, tokens: GoogleTokens): Promise<void> {
      await sql.execute(
        `UPDATE youtube_accounts SET access_token_enc = $2,
   refresh_token_enc = COALESCE($3, refresh_token_enc), token_expires_at = $4::timestamptz,
   updated_at = now() WHERE user_id = $1::uuid`,
        [
          userId,
          box.seal(tokens.accessToken),
          tokens.refreshToken === null ? null : box.seal(tokens.refreshToken),
          tokens.expiresAt?.toISOString() ?? null,
        ],
      );
    },

    /** Returns false when there is no account. */
    async setEnabled(userId: string, enabled: boolean): Promise<boolean> {
      const n = await sql.execute(
        'UPDATE youtube_accounts SET enabled = $2, updated_at = now() WHERE user_id = $1::uuid',
        [userId, enabled],
      );
      return n > 0;
    },

    async savePlace(userId: string, place: ChatPlace): Promise<void> {
      await sql.execute(
        `UPDATE youtube_accounts SET broadcast_id = $2, live_chat_id = $3, page_token = $4,
   quota_blocked_until = $5::timestamptz, last_error = $6, updated_at = now()
 WHERE user_id = $1::uuid`,
        [
          userId,
          place.broadcastId,
          place.liveChatId,
          place.pageToken,
          place.quotaBlockedUntil?.toISOString() ?? null,
          place.lastError,
        ],
      );
    },

    async remove(userId: string): Promise<boolean> {
      return (
        (await sql.execute('DELETE FROM youtube_accounts WHERE user_id = $1::uuid', [userId])) > 0
      );
    },
  };
}

export type YouTubeStore = ReturnType<typeof createYouTubeStore>;
