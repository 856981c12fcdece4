// Spotify on the HTTP side. Connecting is not a login: /auth/spotify/connect
// needs the stream-bot session and starts Spotify's consent; the callback checks
// the state (a bad one: 400, nothing stored), exchanges the code, reads /me and
// stores the account with sealed tokens. /api/spotify shows the account, what
// plays and the song-request settings; the history, the settings and a live
// now-playing stream sit under it.
import type { Logger } from '@homelab/nats/runtime';
import {
  oauthFailure,
  readOAuthCallback,
  startOAuthLogin,
  type OAuthFailureStatus,
} from '@homelab/nats/web';
import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { SessionStore } from '../db/session-store.ts';
import type { SessionUser } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';
import { readJson } from '../http/errors.ts';
import { currentUser, SESSION_COOKIE } from '../http/session.ts';
import type { SpotifyFeature } from './spotify.ts';
import { SpotifyNotReady } from './spotify-access.ts';
import { SpotifyError } from './spotify-client.ts';
import type { NowPlaying } from './now-playing.ts';
import type { SongRequest } from './song-request-store.ts';

export interface SpotifyRouteDeps {
  feature: SpotifyFeature;
  sessions: SessionStore;
  publicUrl: string;
  log: Logger;
}

const CALLBACK = {
  provider: 'Spotify',
  service: 'stream-bot',
  stateCookie: 'sb_spotify_state',
  statePath: '/auth/spotify',
  loginPath: '/auth/spotify/connect',
};

/** Where the browser lands after connecting (the web UI's Spotify page). */
const PAGE = '/spotify';
const KEEP_ALIVE_MS = 25_000;

const failed = (c: Context, status: OAuthFailureStatus, code: string, message: string) =>
  oauthFailure(c, { ...CALLBACK, provider: 'Spotify connection' }, status, code, message);

const anyObject = z.record(z.string(), z.unknown(), { error: 'expected a JSON object' });

const historyQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit is a number (1-200)' })
    .int({ error: 'limit is a whole number (1-200)' })
    .min(1, { error: 'limit is 1-200' })
    .max(200, { error: 'limit is 1-200' })
    .default(50),
  before: z.iso
    .datetime({ offset: true, error: 'before is an ISO time, e.g. 2026-11-28T12:00:00.000Z' })
    .optional(),
});

function nowPlayingJson(now: NowPlaying | null | undefined) {
  return now ?? null;
}

function requestJson(r: SongRequest) {
  return { ...r, createdAt: r.createdAt.toISOString() };
}

export function spotifyRoutes(deps: SpotifyRouteDeps) {
  const { feature, log } = deps;

  /** The stream-bot user of the request's session cookie (these routes are outside /api). */
  async function sessionUser(c: Context): Promise<SessionUser | null> {
    const token = getCookie(c, SESSION_COOKIE);
    return token ? ((await deps.sessions.lookup(token))?.user ?? null) : null;
  }

  const notLoggedIn = (c: Context) => {
    const message = `log in to stream-bot first (${deps.publicUrl}/login), then connect Spotify`;
    if ((c.req.header('accept') ?? '').includes('text/html')) {
      return c.redirect(`/login?next=${encodeURIComponent(PAGE)}`, 302);
    }
    return c.json({ error: { code: 'unauthenticated', message } }, 401);
  };

  async function overview(userId: string) {
    const account = await feature.accounts.get(userId);
    let nowPlaying: NowPlaying | null | undefined = feature.nowPlaying.current(userId);
    let playerError: string | null = null;
    if (account && !account.needsReconnect) {
      try {
        nowPlaying = await feature.nowPlaying.read(userId);
      } catch (err) {
        if (err instanceof SpotifyNotReady) nowPlaying = null;
        else if (err instanceof SpotifyError) playerError = err.message;
        else throw err;
      }
    }
    const fresh = account ? await feature.accounts.get(userId) : null;
    return {
      configured: feature.missing.length === 0,
      missing: feature.missing,
      connectUrl: CALLBACK.loginPath,
      account: fresh
        ? {
            spotifyUserId: fresh.spotifyUserId,
            displayName: fresh.displayName,
            scopes: fresh.scopes,
            connectedAt: fresh.connectedAt.toISOString(),
            needsReconnect: fresh.needsReconnect,
          }
        : null,
      nowPlaying: fresh && !fresh.needsReconnect ? nowPlayingJson(nowPlaying) : null,
      playerError,
      polling: feature.nowPlaying.isPolling(userId),
      settings: await feature.requests.settings(userId),
    };
  }

  return new Hono()
    .get('/auth/spotify/connect', async (c) => {
      if (!feature.client) {
        return failed(
          c,
          503,
          'unavailable',
          `Spotify is not configured; set ${feature.missing.join(', ')}`,
        );
      }
      const callbackHost = new URL(feature.client.redirectUri).host;
      const host = c.req.header('host') ?? new URL(c.req.url).host;
      // The session is checked where the callback lands (startOAuthLogin hops there first).
      if (host === callbackHost || c.req.query('hop') !== undefined) {
        if (!(await sessionUser(c))) return notLoggedIn(c);
      }
      const { redirectUri } = feature.client;
      const authorizeUrl = (state: string) => feature.client!.authorizeUrl(state);
      const secure = deps.publicUrl.startsWith('https:');
      return startOAuthLogin(c, CALLBACK, { redirectUri, authorizeUrl, secure });
    })
    .get('/auth/spotify/callback', async (c) => {
      const callback = readOAuthCallback(c, CALLBACK);
      if ('failure' in callback) return callback.failure;
      if (!feature.client) {
        return failed(
          c,
          503,
          'unavailable',
          `Spotify is not configured; set ${feature.missing.join(', ')}`,
        );
      }
      const user = await sessionUser(c);
      if (!user) return notLoggedIn(c);
      let tokens;
      let me;
      try {
        tokens = await feature.client.exchangeCode(callback.code);
        const access = tokens.accessToken;
        me = await feature.client.me(access);
      } catch (err) {
        if (!(err instanceof SpotifyError)) throw err;
        log.warn({ err: err.message, userId: user.id }, 'connecting Spotify failed');
        const rejected = err.kind === 'rejected' || err.kind === 'refused';
        return failed(
          c,
          rejected ? 400 : 502,
          rejected ? 'invalid_input' : 'unavailable',
          err.message,
        );
      }
      try {
        await feature.accounts.upsert(
          user.id,
          { spotifyUserId: me.id, displayName: me.displayName },
          tokens,
        );
      } catch (err) {
        if (err instanceof DomainError && err.code === 'conflict') {
          return c.json({ error: { code: err.code, message: err.message } }, 409);
        }
        throw err;
      }
      log.info({ userId: user.id, spotifyUserId: me.id }, 'Spotify connected');
      await feature.nowPlaying.reset(user.id);
      return c.redirect(PAGE, 302);
    })

    .get('/api/spotify', async (c) => c.json(await overview(currentUser(c).id)))
    .delete('/api/spotify', async (c) => {
      const { id } = currentUser(c);
      // Spotify has no API to revoke a token: the row and its tokens are deleted.
      const removed = await feature.accounts.remove(id);
      await feature.nowPlaying.reset(id);
      if (removed) log.info({ userId: id }, 'Spotify disconnected');
      return c.json({ disconnected: removed, ...(await overview(id)) });
    })
    .get('/api/spotify/now-playing/stream', (c) => {
      const { id } = currentUser(c);
      return streamSSE(c, async (stream) => {
        let seq = 0;
        const send = (now: NowPlaying | null | undefined) =>
          stream.writeSSE({
            event: 'now-playing',
            id: String(++seq),
            data: JSON.stringify({ nowPlaying: nowPlayingJson(now) }),
          });
        let finish: () => void = () => undefined;
        const done = new Promise<void>((resolve) => (finish = resolve));
        let queue = send(feature.nowPlaying.current(id));
        const stop = feature.nowPlaying.onChange(id, (now) => {
          queue = queue.then(() => send(now)).catch(finish);
        });
        const keepAlive = setInterval(() => {
          queue = queue.then(() => stream.write(': keep-alive\n\n')).then(() => undefined, finish);
        }, KEEP_ALIVE_MS);
        const stopAll = feature.onStop(finish);
        stream.onAbort(finish);
        await done;
        clearInterval(keepAlive);
        stop();
        stopAll();
      });
    })
    .get('/api/spotify/requests', async (c) => {
      const parsed = historyQuery.safeParse(c.req.query());
      if (!parsed.success) {
        throw new DomainError(
          'invalid_input',
          parsed.error.issues.map((i) => i.message).join('; '),
        );
      }
      const { limit, before } = parsed.data;
      const list = await feature.requests.list(currentUser(c).id, {
        limit,
        ...(before ? { before: new Date(before) } : {}),
      });
      return c.json({
        requests: list.map(requestJson),
        nextBefore: list.length === limit ? list.at(-1)!.createdAt.toISOString() : null,
      });
    })
    .patch('/api/spotify/settings', async (c) => {
      const { id } = currentUser(c);
      const body = await readJson(c, anyObject);
      const settings = await feature.requests.updateSettings(id, body, () =>
        feature.ensureBotConfig(id),
      );
      return c.json({ settings });
    });
}
