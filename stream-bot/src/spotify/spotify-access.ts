// A user's Spotify calls with a fresh token: the token is refreshed a minute
// before it expires and once more when Spotify answers 401, the new one stored
// back sealed. One refresh per user at a time. A refresh Spotify refuses marks
// the account as needing a reconnect; calls then fail with SpotifyNotReady.
import type { Logger } from '@homelab/nats/runtime';
import type { SpotifyAccounts } from './spotify-accounts.ts';
import { SpotifyError, type SpotifyClient } from './spotify-client.ts';

/** Refresh when the token has less than this left. */
const REFRESH_AHEAD_MS = 60_000;

/** Why a user's Spotify cannot be called: not connected, or connect again. */
export class SpotifyNotReady extends Error {
  override name = 'SpotifyNotReady';
  readonly reason: 'not_connected' | 'reconnect';
  constructor(reason: 'not_connected' | 'reconnect', options?: { cause?: unknown }) {
    super(
      reason === 'not_connected'
        ? 'Spotify is not connected'
        : 'Spotify refused the saved login; connect Spotify again',
      options,
    );
    this.reason = reason;
  }
}

export function createSpotifyAccess(deps: {
  client: SpotifyClient;
  accounts: SpotifyAccounts;
  log: Logger;
}) {
  const { client, accounts, log } = deps;
  const refreshing = new Map<string, Promise<string>>();

  async function refresh(userId: string, refreshToken: string | null): Promise<string> {
    let running = refreshing.get(userId);
    if (!running) {
      running = (async () => {
        if (refreshToken === null) throw new SpotifyNotReady('reconnect');
        try {
          const tokens = await client.refresh(refreshToken);
          await accounts.saveTokens(userId, tokens);
          return tokens.accessToken;
        } catch (err) {
          if (err instanceof SpotifyError && err.kind === 'rejected') {
            log.warn({ userId, err: err.message }, 'Spotify refused the refresh token');
            await accounts.refreshRefused(userId);
            throw new SpotifyNotReady('reconnect', { cause: err });
          }
          throw err;
        }
      })().finally(() => refreshing.delete(userId));
      refreshing.set(userId, running);
    }
    return running;
  }

  return {
    /**
     * Runs fn with a valid access token of the user's account: refreshed ahead of its
     * expiry, and refreshed and run once more after a 401.
     */
    async call<T>(userId: string, fn: (accessToken: string) => Promise<T>): Promise<T> {
      const tokens = await accounts.tokens(userId);
      if (!tokens) throw new SpotifyNotReady('not_connected');
      const expiring =
        tokens.expiresAt !== null && tokens.expiresAt.getTime() - Date.now() < REFRESH_AHEAD_MS;
      const access = expiring ? await refresh(userId, tokens.refreshToken) : tokens.accessToken;
      try {
        return await fn(access);
      } catch (err) {
        if (!(err instanceof SpotifyError) || err.kind !== 'unauthorized') throw err;
        return fn(await refresh(userId, tokens.refreshToken));
      }
    },
  };
}

export type SpotifyAccess = ReturnType<typeof createSpotifyAccess>;
