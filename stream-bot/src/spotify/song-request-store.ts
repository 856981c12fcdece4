// song_requests: every !sr, queued, refused with its reason or failed with
// Spotify's words, and the reads the limits need (a viewer's queued requests
// in the current stream, their last one). bot_config.song_requests holds the
// settings, read through bot/settings.ts so missing keys get today's defaults.
import type { SqlDatabase } from '@homelab/nats';
import { songRequestSettingsSchema, type SongRequestSettings } from '../bot/settings.ts';
import { checkInput } from '../commands/validate.ts';
import { DomainError } from '../domain/errors.ts';
import type { Track } from './spotify-client.ts';

export type SongRequestStatus = 'queued' | 'skipped' | 'refused' | 'failed';

export interface NewSongRequest {
  platform: string;
  channel: string;
  requesterId: string;
  requesterName: string;
  query: string;
  track: Track | null;
  status: SongRequestStatus;
  reason: string | null;
}

export interface SongRequest extends Omit<NewSongRequest, 'track'> {
  id: string;
  trackId: string | null;
  trackUri: string | null;
  trackName: string | null;
  artists: string | null;
  durationMs: number | null;
  createdAt: Date;
}

interface Row {
  id: string;
  platform: string;
  channel: string;
  requester_id: string;
  requester_name: string;
  query: string;
  track_id: string | null;
  track_uri: string | null;
  track_name: string | null;
  artists: string | null;
  duration_ms: number | null;
  status: string;
  reason: string | null;
  created_at: Date | string;
}

const COLUMNS = `id, platform, channel, requester_id, requester_name, query, track_id, track_uri,
  track_name, artists, duration_ms, status, reason, created_at`;

const STATUSES: readonly SongRequestStatus[] = ['queued', 'skipped', 'refused', 'failed'];

function requestOf(row: Row): SongRequest {
  return {
    id: row.id,
    platform: row.platform,
    channel: row.channel,
    requesterId: row.requester_id,
    requesterName: row.requester_name,
    query: row.query,
    trackId: row.track_id,
    trackUri: row.track_uri,
    trackName: row.track_name,
    artists: row.artists,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    status: STATUSES.find((s) => s === row.status) ?? 'failed',
    reason: row.reason,
    createdAt: new Date(row.created_at),
  };
}

function parseOr(value: unknown): SongRequestSettings {
  const parsed = songRequestSettingsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : songRequestSettingsSchema.parse({});
}

export function createSongRequestStore(db: { sql: SqlDatabase }) {
  return {
    async add(userId: string, r: NewSongRequest): Promise<SongRequest> {
      const [row] = await db.sql.query<Row>(
        `INSERT INTO song_requests (user_id, platform, channel, requester_id, requester_name,
           query, track_id, track_uri, track_name, artists, duration_ms, status, reason)
         VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING ${COLUMNS}`,
        [
          userId,
          r.platform,
          r.channel,
          r.requesterId,
          r.requesterName,
          r.query.slice(0, 500),
          r.track?.id ?? null,
          r.track?.uri ?? null,
          r.track?.name ?? null,
          r.track ? r.track.artists.join(', ') : null,
          r.track?.durationMs ?? null,
          r.status,
          r.reason,
        ],
      );
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      return requestOf(row);
    },

    /** Newest first; `before` is the createdAt of the last one seen (paging). */
    async list(userId: string, q: { limit: number; before?: Date }): Promise<SongRequest[]> {
      const rows = await db.sql.query<Row>(
        `SELECT ${COLUMNS} FROM song_requests
         WHERE user_id = $1::uuid AND ($2::timestamptz IS NULL OR created_at < $2::timestamptz)
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [userId, q.before ?? null, q.limit],
      );
      return rows.map(requestOf);
    },

    /** A viewer's queued requests since a time, and when their last one was queued. */
    async viewerActivity(
      userId: string,
      platform: string,
      requesterId: string,
      since: Date,
    ): Promise<{ queuedSince: number; lastQueuedAt: Date | null }> {
      const [row] = await db.sql.query<{ n: number | string; last: Date | string | null }>(
        `SELECT count(*) FILTER (WHERE created_at >= $4::timestamptz) AS n, max(created_at) AS last
         FROM song_requests
         WHERE user_id = $1::uuid AND platform = $2 AND requester_id = $3 AND status = 'queued'`,
        [userId, platform, requesterId, since],
      );
      return {
        queuedSince: Number(row?.n ?? 0),
        lastQueuedAt: row?.last ? new Date(row.last) : null,
      };
    },

    /** A moderator skipped the track: the newest queued request for it becomes skipped. */
    async markSkipped(userId: string, trackId: string): Promise<void> {
      await db.sql.execute(
        `UPDATE song_requests SET status = 'skipped' WHERE id = (
           SELECT id FROM song_requests WHERE user_id = $1::uuid AND track_id = $2
             AND status = 'queued' ORDER BY created_at DESC LIMIT 1)`,
        [userId, trackId],
      );
    },

    /** When the channel's current stream began (its chat session), or null if none is open. */
    async streamStart(platform: string, channel: string, gapMinutes: number): Promise<Date | null> {
      const [row] = await db.sql.query<{ started_at: Date | string }>(
        `SELECT started_at FROM stream_sessions
         WHERE platform = $1 AND channel = $2 AND ended_at IS NULL
           AND last_message_at > now() - make_interval(mins => $3::int)
         ORDER BY started_at DESC LIMIT 1`,
        [platform, channel, gapMinutes],
      );
      return row ? new Date(row.started_at) : null;
    },

    async settings(userId: string): Promise<SongRequestSettings> {
      const [row] = await db.sql.query<{ song_requests: unknown }>(
        'SELECT song_requests FROM bot_config WHERE user_id = $1::uuid',
        [userId],
      );
      return parseOr(row?.song_requests);
    },

    /**
     * Merges a patch into the settings and stores them; nothing is written when any of it is
     * wrong. `ensureRow` creates the user's bot_config row with its defaults when missing.
     */
    async updateSettings(
      userId: string,
      patch: Record<string, unknown>,
      ensureRow: () => Promise<unknown>,
    ): Promise<SongRequestSettings> {
      const [exists] = await db.sql.query('SELECT 1 FROM bot_config WHERE user_id = $1::uuid', [
        userId,
      ]);
      // Checked before anything is written, the row included.
      checkInput(songRequestSettingsSchema, { ...parseOr({}), ...patch }, 'songRequests');
      if (!exists) await ensureRow();
      return db.sql.transaction(async (tx) => {
        const [row] = await tx.query<{ song_requests: unknown }>(
          'SELECT song_requests FROM bot_config WHERE user_id = $1::uuid FOR UPDATE',
          [userId],
        );
        if (!row) throw new DomainError('not_found', `no user ${userId}`);
        const merged = checkInput(
          songRequestSettingsSchema,
          { ...parseOr(row.song_requests), ...patch },
          'songRequests',
        );
        await tx.execute(
          'UPDATE bot_config SET song_requests = $2::jsonb, updated_at = now() WHERE user_id = $1::uuid',
          [userId, JSON.stringify(merged)],
        );
        return merged;
      });
    },
  };
}

export type SongRequestStore = ReturnType<typeof createSongRequestStore>;
