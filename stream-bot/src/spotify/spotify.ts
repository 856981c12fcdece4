// The Spotify feature put together: the client (when SPOTIFY_* are set), the
// account store with sealed tokens, the token keeper, the song-request store,
// the now-playing poll and the chat commands. service.ts builds it once, hands
// `songs` to the command engine and the rest to the routes.
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import { createSecretBox } from '@homelab/nats/web';
import { platformMissing, type SpotifyConfig } from '../config.ts';
import { createNowPlaying } from './now-playing.ts';
import { createSongCommands, type SongCommands } from './song-commands.ts';
import { createSongRequestStore } from './song-request-store.ts';
import { createSpotifyAccess } from './spotify-access.ts';
import { createSpotifyAccounts } from './spotify-accounts.ts';
import { createSpotifyClient, SpotifyError, type SpotifyClient } from './spotify-client.ts';

export interface SpotifyFeatureOptions {
  config: SpotifyConfig;
  db: { sql: SqlDatabase };
  /** The bot settings store: a bot switched on or off starts or stops the poll. */
  configs: {
    update(userId: string, patch: Record<string, never>): Promise<unknown>;
    onChange(listener: (userId: string, what: string) => void): () => void;
  };
  /** STREAM_SESSION_GAP_MINUTES: a viewer's request limit counts in the current stream. */
  sessionGapMinutes: number;
  log: Logger;
  /** Between two now-playing polls while a track plays (default 15 s). */
  pollMs?: number;
}

export function createSpotifyFeature(options: SpotifyFeatureOptions) {
  const { config, db } = options;
  const log = options.log.child({ component: 'spotify' });
  const missing = platformMissing('SPOTIFY', config);
  const { clientId, clientSecret, tokenKey } = config;
  const client: SpotifyClient | undefined =
    clientId !== undefined && clientSecret !== undefined && tokenKey !== undefined
      ? createSpotifyClient({ ...config, clientId, clientSecret })
      : undefined;
  const accounts = createSpotifyAccounts(db, tokenKey ? createSecretBox(tokenKey) : undefined);
  const requests = createSongRequestStore(db);
  const stopListeners = new Set<() => void>();

  const access = client ? createSpotifyAccess({ client, accounts, log }) : undefined;
  // Without a client nothing is polled or called; the tracker still answers "nothing seen".
  const nowPlaying = createNowPlaying({
    access: access ?? {
      call: () =>
        Promise.reject(
          new SpotifyError('failed', `Spotify is not configured; set ${missing.join(', ')}`),
        ),
    },
    client:
      client ??
      createSpotifyClient({
        clientId: '',
        clientSecret: '',
        redirectUri: config.redirectUri,
        accountsUrl: config.accountsUrl,
        apiUrl: config.apiUrl,
      }),
    db,
    owners: () => (client ? accounts.activeOwners() : Promise.resolve([])),
    log,
    pollMs: options.pollMs,
  });
  const songs: SongCommands | undefined =
    client && access
      ? createSongCommands({
          access,
          client,
          store: requests,
          nowPlaying,
          sessionGapMinutes: options.sessionGapMinutes,
          log,
        })
      : undefined;

  let unsubscribe: (() => void) | undefined;

  return {
    client,
    /** What is still to set for Spotify; empty when it is configured. */
    missing,
    accounts,
    requests,
    nowPlaying,
    songs,
    /** Creates the user's bot_config row with its defaults (an empty settings patch). */
    ensureBotConfig: (userId: string) => options.configs.update(userId, {}),
    /** Called once when the feature stops (live streams end); returns a function that forgets it. */
    onStop(listener: () => void): () => void {
      stopListeners.add(listener);
      return () => stopListeners.delete(listener);
    },
    async start() {
      unsubscribe = options.configs.onChange((_userId, what) => {
        if (what === 'settings') {
          nowPlaying.sync().catch((err: unknown) => log.warn({ err }, 'Spotify poll sync failed'));
        }
      });
      await nowPlaying.start();
    },
    stop() {
      unsubscribe?.();
      nowPlaying.stop();
      for (const listener of stopListeners) listener();
      stopListeners.clear();
    },
  };
}

export type SpotifyFeature = ReturnType<typeof createSpotifyFeature>;
