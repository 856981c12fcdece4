// The Spotify page's calls: the connection, what plays, the song-request
// settings and history. Connecting is a browser navigation to
// /auth/spotify/connect (Spotify's consent page), not a fetch; what plays is
// also pushed live as server-sent events.
import { queryString } from '@homelab/nats/ui';
import { api } from './api.ts';

export const SPOTIFY_CONNECT_URL = '/auth/spotify/connect';
export const NOW_PLAYING_STREAM_URL = '/api/spotify/now-playing/stream';

export const ROLES = ['everyone', 'subscriber', 'vip', 'moderator', 'broadcaster'] as const;
export type Role = (typeof ROLES)[number];

export interface Track {
  id: string;
  uri: string;
  name: string;
  artists: string[];
  album: string | null;
  durationMs: number;
  url: string;
}

export interface NowPlaying {
  track: Track;
  isPlaying: boolean;
  progressMs: number;
  startedAt: string;
  seenAt: string;
}

export interface SongRequestSettings {
  enabled: boolean;
  minRole: Role;
  maxQueuedPerUser: number;
  userCooldownSeconds: number;
  maxDurationSeconds: number;
  blocklist: string[];
}

export interface SpotifyStatus {
  configured: boolean;
  /** Variables still to set for stream-bot. */
  missing: string[];
  connectUrl: string;
  account: {
    spotifyUserId: string;
    displayName: string;
    scopes: string[];
    connectedAt: string;
    needsReconnect: boolean;
  } | null;
  nowPlaying: NowPlaying | null;
  /** Spotify's own words when reading the player failed. */
  playerError: string | null;
  polling: boolean;
  settings: SongRequestSettings;
}

export interface SongRequest {
  id: string;
  platform: string;
  channel: string;
  requesterId: string;
  requesterName: string;
  query: string;
  trackId: string | null;
  trackName: string | null;
  artists: string | null;
  durationMs: number | null;
  status: 'queued' | 'skipped' | 'refused' | 'failed';
  reason: string | null;
  createdAt: string;
}

export const fetchSpotify = () => api.call<SpotifyStatus>('/api/spotify');

export const disconnectSpotify = () =>
  api.call<SpotifyStatus>('/api/spotify', { method: 'DELETE' });

export async function saveSongRequestSettings(
  patch: Partial<SongRequestSettings>,
): Promise<SongRequestSettings> {
  return (
    await api.call<{ settings: SongRequestSettings }>('/api/spotify/settings', {
      method: 'PATCH',
      body: patch,
    })
  ).settings;
}

export function fetchSongRequests(q: { limit?: number; before?: string } = {}) {
  return api.call<{ requests: SongRequest[]; nextBefore: string | null }>(
    `/api/spotify/requests${queryString(q)}`,
  );
}
