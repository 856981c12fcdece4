// The YouTube page's calls: the connection and live chat state, switching
// reading on or off, disconnecting. Connecting is a browser navigation to
// /auth/youtube/connect (Google's consent page), not a fetch.
import { api } from './api.ts';

export type LiveChatState =
  | { state: 'starting' }
  | { state: 'searching'; nextCheckAt: string }
  | { state: 'reading'; liveChatId: string; lastPollAt: string | null; intervalMs: number | null }
  | { state: 'quota_blocked'; until: string; message: string }
  | { state: 'rate_limited'; retryAt: string; message: string }
  | { state: 'reconnect_needed'; message: string }
  | { state: 'error'; message: string; retryAt: string }
  | { state: 'stopped' };

export interface YouTubeStatus {
  configured: boolean;
  /** Variables still to set for stream-bot. */
  missing: string[];
  connected: boolean;
  channel: { id: string; title: string } | null;
  enabled: boolean;
  missingScopes: string[];
  liveChat: LiveChatState | null;
  reconnectNeeded: boolean;
  quotaBlockedUntil: string | null;
  lastError: string | null;
}

export const CONNECT_URL = '/auth/youtube/connect';

export const fetchYouTube = () => api.call<YouTubeStatus>('/api/youtube');

export const setYouTubeReading = (enabled: boolean) =>
  api.call<YouTubeStatus>('/api/youtube', { method: 'PATCH', body: { enabled } });

export const disconnectYouTube = () =>
  api.call<YouTubeStatus>('/api/youtube', { method: 'DELETE' });
