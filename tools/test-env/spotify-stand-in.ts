// A local stand-in for Spotify: the accounts service (GET /authorize consents at
// once, POST /api/token for the authorization_code and refresh_token grants with
// HTTP Basic client authentication) and the Web API parts stream-bot uses, under
// /v1: GET /me, GET /me/player/currently-playing (200 with the track, 204 when
// nothing plays), GET /search?type=track, GET /tracks/{id}, POST
// /me/player/queue?uri= (204; 404 NO_ACTIVE_DEVICE without a device), POST
// /me/player/next. Bodies and errors have Spotify's shapes: accounts errors are
// { error, error_description }, Web API errors { error: { status, message, reason? } },
// 401 for a missing, unknown or expired Bearer token, 429 with Retry-After.
//
// Tests set the catalog and what plays, read back the queue and the calls, can
// expire every token (expireTokens), revoke refresh tokens (revokeRefreshTokens)
// and answer the next calls with 429 (rateLimit).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInTrack {
  /** 22 base-62 characters, as Spotify's ids. */
  id: string;
  name: string;
  artists: string[];
  album?: string;
  durationMs: number;
}

export interface StandInAccount {
  id: string;
  displayName: string;
}

export interface SpotifyCall {
  method: string;
  /** Path without /v1, e.g. /me/player/queue. */
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface SpotifyStandIn {
  /** http://127.0.0.1:<port> (SPOTIFY_ACCOUNTS_URL). */
  accountsUrl: string;
  /** http://127.0.0.1:<port>/v1 (SPOTIFY_API_URL). */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Who GET /authorize logs in (default: a test account), or 'deny'. */
  consentAs(account: StandInAccount | 'deny'): void;
  /** A one-time code for the account, as /authorize would hand out. */
  issueCode(account: StandInAccount, redirectUri: string, scopes?: string[]): string;
  setCatalog(tracks: StandInTrack[]): void;
  /** What plays now (null: nothing, currently-playing answers 204). */
  play(trackId: string | null, options?: { progressMs?: number; isPlaying?: boolean }): void;
  /** Whether a player device is active (false: queue/next answer 404 NO_ACTIVE_DEVICE). */
  setDevice(active: boolean): void;
  /** URIs queued, oldest first. */
  queue: string[];
  /** Every Web API call, oldest first. */
  calls: SpotifyCall[];
  /** Token requests by grant type. */
  tokenGrants: { grant: string; ok: boolean }[];
  /** Every access token issued so far stops working (401 "The access token expired"). */
  expireTokens(): void;
  /** Refresh tokens are refused from now on (400 invalid_grant). */
  revokeRefreshTokens(): void;
  /** The next `count` Web API calls answer 429 with Retry-After: seconds. */
  rateLimit(count: number, retryAfterSeconds: number): void;
  close(): Promise<void>;
}

interface TokenRecord {
  account: StandInAccount;
  scopes: string[];
  expiresAt: number;
}

const token = () => randomBytes(24).toString('base64url');

function json(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

const apiError = (res: ServerResponse, status: number, message: string, reason?: string) =>
  json(res, status, { error: { status, message, ...(reason ? { reason } : {}) } });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSpotifyStandIn(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<SpotifyStandIn> {
  const clientId = options.clientId ?? 'spotify-standin-client';
  const clientSecret = options.clientSecret ?? 'spotify-standin-secret';
  const accessTokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, { account: StandInAccount; scopes: string[] }>();
  const codes = new Map<
    string,
    { account: StandInAccount; redirectUri: string; scopes: string[] }
  >();
  let consent: StandInAccount | 'deny' = { id: 'standin_user', displayName: 'Stand-in User' };
  let catalog = new Map<string, StandInTrack>();
  let playing: { trackId: string; progressMs: number; isPlaying: boolean; since: number } | null =
    null;
  let deviceActive = true;
  let limited = { count: 0, seconds: 1 };
  const queue: string[] = [];
  const calls: SpotifyCall[] = [];
  const tokenGrants: { grant: string; ok: boolean }[] = [];

  function issueTokens(account: StandInAccount, scopes: string[]) {
    const access = token();
    const refresh = token();
    accessTokens.set(access, { account, scopes, expiresAt: Date.now() + 3_600_000 });
    refreshTokens.set(refresh, { account, scopes });
    return { access, refresh };
  }

  function trackJson(t: StandInTrack) {
    const artists = t.artists.map((name, i) => ({
      external_urls: { spotify: `https://open.spotify.com/artist/${t.id.slice(0, 20)}a${i}` },
      href: `https://api.spotify.com/v1/artists/${t.id.slice(0, 20)}a${i}`,
      id: `${t.id.slice(0, 20)}a${i}`,
      name,
      type: 'artist',
      uri: `spotify:artist:${t.id.slice(0, 20)}a${i}`,
    }));
    return {
      album: {
        album_type: 'album',
        artists,
        external_urls: { spotify: `https://open.spotify.com/album/${t.id.slice(0, 21)}b` },
        id: `${t.id.slice(0, 21)}b`,
        images: [{ url: 'https://i.scdn.co/image/ab67616d0000b273stand', height: 640, width: 640 }],
        name: t.album ?? t.name,
        release_date: '2020-01-01',
        release_date_precision: 'day',
        total_tracks: 10,
        type: 'album',
        uri: `spotify:album:${t.id.slice(0, 21)}b`,
      },
      artists,
      disc_number: 1,
      duration_ms: t.durationMs,
      explicit: false,
      external_ids: { isrc: 'USSTAND00001' },
      external_urls: { spotify: `https://open.spotify.com/track/${t.id}` },
      href: `https://api.spotify.com/v1/tracks/${t.id}`,
      id: t.id,
      is_local: false,
      name: t.name,
      popularity: 50,
      preview_url: null,
      track_number: 1,
      type: 'track',
      uri: `spotify:track:${t.id}`,
    };
  }

  async function accounts(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      const state = url.searchParams.get('state');
      if (url.searchParams.get('client_id') !== clientId) {
        res.writeHead(400, { 'content-type': 'text/html' }).end('INVALID_CLIENT: Invalid client');
        return;
      }
      const back = new URL(redirect);
      if (consent === 'deny') back.searchParams.set('error', 'access_denied');
      else {
        const scopes = (url.searchParams.get('scope') ?? '').split(' ').filter(Boolean);
        back.searchParams.set('code', api.issueCode(consent, redirect, scopes));
      }
      if (state !== null) back.searchParams.set('state', state);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/token') {
      const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = auth ? Buffer.from(auth, 'base64').toString('utf8').split(':') : [];
      const form = new URLSearchParams(await readBody(req));
      const grant = form.get('grant_type') ?? '';
      const refuse = (status: number, error: string, description: string) => {
        tokenGrants.push({ grant, ok: false });
        json(res, status, { error, error_description: description });
      };
      if (id !== clientId || secret !== clientSecret) {
        return refuse(400, 'invalid_client', 'Invalid client');
      }
      if (grant === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!code) return refuse(400, 'invalid_grant', 'Invalid authorization code');
        if (code.redirectUri !== form.get('redirect_uri')) {
          return refuse(400, 'invalid_grant', 'Invalid redirect URI');
        }
        const t = issueTokens(code.account, code.scopes);
        tokenGrants.push({ grant, ok: true });
        return json(res, 200, {
          access_token: t.access,
          token_type: 'Bearer',
          scope: code.scopes.join(' '),
          expires_in: 3600,
          refresh_token: t.refresh,
        });
      }
      if (grant === 'refresh_token') {
        const old = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!old) return refuse(400, 'invalid_grant', 'Invalid refresh token');
        const access = token();
        accessTokens.set(access, { ...old, expiresAt: Date.now() + 3_600_000 });
        tokenGrants.push({ grant, ok: true });
        // Spotify usually keeps the refresh token and leaves it out of the answer.
        return json(res, 200, {
          access_token: access,
          token_type: 'Bearer',
          scope: old.scopes.join(' '),
          expires_in: 3600,
        });
      }
      return refuse(
        400,
        'unsupported_grant_type',
        `grant_type must be authorization_code or refresh_token`,
      );
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>');
  }

  function webApi(req: IncomingMessage, res: ServerResponse, url: URL) {
    const path = url.pathname.slice('/v1'.length);
    const query = Object.fromEntries(url.searchParams);
    const record = (status: number) =>
      calls.push({ method: req.method ?? '', path, query, status });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) {
      record(401);
      return apiError(res, 401, 'No token provided');
    }
    const who = accessTokens.get(bearer);
    if (!who) {
      record(401);
      return apiError(res, 401, 'Invalid access token');
    }
    if (who.expiresAt <= Date.now()) {
      record(401);
      return apiError(res, 401, 'The access token expired');
    }
    if (limited.count > 0) {
      limited.count--;
      record(429);
      res.writeHead(429, { 'retry-after': String(limited.seconds) }).end();
      return;
    }
    const ok = (status: number, body?: unknown) => {
      record(status);
      if (body === undefined) res.writeHead(status).end();
      else json(res, status, body);
    };
    const fail = (status: number, message: string, reason?: string) => {
      record(status);
      apiError(res, status, message, reason);
    };
    const route = `${req.method} ${path}`;
    if (route === 'GET /me') {
      return ok(200, {
        country: 'DE',
        display_name: who.account.displayName,
        external_urls: { spotify: `https://open.spotify.com/user/${who.account.id}` },
        followers: { href: null, total: 3 },
        href: `https://api.spotify.com/v1/users/${who.account.id}`,
        id: who.account.id,
        images: [],
        product: 'premium',
        type: 'user',
        uri: `spotify:user:${who.account.id}`,
      });
    }
    if (route === 'GET /me/player/currently-playing') {
      const track = playing ? catalog.get(playing.trackId) : undefined;
      if (!playing || !track) return ok(204);
      const progress = playing.isPlaying
        ? Math.min(track.durationMs, playing.progressMs + (Date.now() - playing.since))
        : playing.progressMs;
      return ok(200, {
        timestamp: Date.now(),
        context: null,
        progress_ms: progress,
        item: trackJson(track),
        currently_playing_type: 'track',
        actions: { disallows: { resuming: true } },
        is_playing: playing.isPlaying,
      });
    }
    if (route === 'GET /search') {
      const q = (url.searchParams.get('q') ?? '').trim().toLowerCase();
      const type = url.searchParams.get('type');
      if (!q) return fail(400, 'No search query');
      if (!type) return fail(400, 'Missing parameter type');
      if (type !== 'track') return fail(400, 'Bad search type field');
      const limit = Number(url.searchParams.get('limit') ?? 20);
      if (!Number.isInteger(limit) || limit < 0 || limit > 50) return fail(400, 'Invalid limit');
      const words = q.split(/\s+/);
      const found = [...catalog.values()].filter((t) => {
        const hay = `${t.name} ${t.artists.join(' ')} ${t.album ?? ''}`.toLowerCase();
        return words.every((w) => hay.includes(w));
      });
      const items = found.slice(0, limit).map(trackJson);
      return ok(200, {
        tracks: {
          href: `https://api.spotify.com/v1/search?offset=0&limit=${limit}&query=${encodeURIComponent(q)}&type=track`,
          items,
          limit,
          next: null,
          offset: 0,
          previous: null,
          total: found.length,
        },
      });
    }
    const trackMatch = /^\/tracks\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && trackMatch) {
      const id = decodeURIComponent(trackMatch[1]!);
      if (!/^[0-9A-Za-z]{22}$/.test(id)) return fail(400, 'Invalid base62 id');
      const track = catalog.get(id);
      return track ? ok(200, trackJson(track)) : fail(404, 'Resource not found');
    }
    if (route === 'POST /me/player/queue') {
      const uri = url.searchParams.get('uri');
      if (!uri) return fail(400, 'Required parameter uri missing');
      if (!deviceActive)
        return fail(404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE');
      const id = /^spotify:track:([0-9A-Za-z]{22})$/.exec(uri)?.[1];
      if (!id) return fail(400, 'Invalid track uri: ' + uri);
      queue.push(uri);
      return ok(204);
    }
    if (route === 'POST /me/player/next') {
      if (!deviceActive)
        return fail(404, 'Player command failed: No active device found', 'NO_ACTIVE_DEVICE');
      const next = queue.shift();
      const id = next?.split(':')[2];
      playing = id ? { trackId: id, progressMs: 0, isPlaying: true, since: Date.now() } : null;
      return ok(204);
    }
    return fail(404, 'Service not found');
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://spotify.local');
    const done = url.pathname.startsWith('/v1/')
      ? Promise.resolve(webApi(req, res, url))
      : accounts(req, res, url);
    done.catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { status: 500, message: String(err) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  const api: SpotifyStandIn = {
    accountsUrl: base,
    apiUrl: `${base}/v1`,
    clientId,
    clientSecret,
    consentAs(account) {
      consent = account;
    },
    issueCode(account, redirectUri, scopes = []) {
      const code = token();
      codes.set(code, { account, redirectUri, scopes });
      return code;
    },
    setCatalog(tracks) {
      catalog = new Map(tracks.map((t) => [t.id, t]));
    },
    play(trackId, opts = {}) {
      playing =
        trackId === null
          ? null
          : {
              trackId,
              progressMs: opts.progressMs ?? 0,
              isPlaying: opts.isPlaying ?? true,
              since: Date.now(),
            };
    },
    setDevice(active) {
      deviceActive = active;
    },
    queue,
    calls,
    tokenGrants,
    expireTokens() {
      for (const record of accessTokens.values()) record.expiresAt = 0;
    },
    revokeRefreshTokens() {
      refreshTokens.clear();
    },
    rateLimit(count, seconds) {
      limited = { count, seconds };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  return api;
}
