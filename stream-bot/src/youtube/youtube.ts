// Builds the YouTube side from configuration: the OAuth client (when every
// variable is set), the API client, the account store and the chat readers.
// Does no I/O until start().
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import { createSecretBox } from '@homelab/nats/web';
import type { ChatConnector } from '../chat/chat-connector.ts';
import { platformMissing, type YouTubeConfig } from '../config.ts';
import type { SessionDeps } from '../http/session.ts';
import { DEFAULT_TIMING, type ReaderTiming } from './chat-reader.ts';
import { createGoogleOAuth } from './google-oauth.ts';
import { createYouTubeApi } from './youtube-api.ts';
import { createYouTubeChat } from './youtube-chat.ts';
import { createYouTubeStore } from './youtube-store.ts';
import { youtubeRoutes } from './youtube.routes.ts';

export interface YouTubeDeps {
  config: YouTubeConfig;
  db: { sql: SqlDatabase };
  chat: Pick<ChatConnector, 'attachPlatform'>;
  log: Logger;
  timing?: Partial<ReaderTiming>;
}

export function createYouTube(deps: YouTubeDeps) {
  const { config } = deps;
  const log = deps.log.child({ component: 'youtube' });
  const missing = platformMissing('YOUTUBE', config);
  const ready =
    missing.length === 0 && config.clientId && config.clientSecret && config.tokenKey
      ? { clientId: config.clientId, clientSecret: config.clientSecret, tokenKey: config.tokenKey }
      : undefined;
  const oauth = ready ? createGoogleOAuth({ ...config, ...ready }) : undefined;
  const store = ready ? createYouTubeStore(deps.db, createSecretBox(ready.tokenKey)) : undefined;
  const api = createYouTubeApi({ apiUrl: config.apiUrl });
  const chat = createYouTubeChat({
    store: store as NonNullable<typeof store>,
    api,
    oauth,
    timing: { ...DEFAULT_TIMING, ...deps.timing },
    log,
    attach: (platform, say) => deps.chat.attachPlatform(platform, say),
  });
  return {
    chat,
    /** The connected channel's title: the name the bot chats as on YouTube (mentions). */
    channelTitleOf: async (userId: string) =>
      store ? ((await store.get(userId))?.channelTitle ?? null) : null,
    /** The user's connected channel id (analytics count its chat), null when none. */
    channelOf: async (userId: string) =>
      store ? ((await store.get(userId))?.channelId ?? null) : null,
    routes: (session: SessionDeps) =>
      youtubeRoutes({ session, missing, oauth, api, store, chat, log }),
  };
}

export type YouTube = ReturnType<typeof createYouTube>;
