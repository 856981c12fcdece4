// Spotify over plain fetch: the accounts service (consent URL, code exchange,
// refresh with HTTP Basic client authentication) and the Web API calls
// stream-bot makes. Every answer that is not what a call needs becomes a
// SpotifyError whose kind says what to do about it.
import { z } from 'zod';

export const SPOTIFY_SCOPES = [
  'user-read-currently-playing',
  'user-read-playback-state',
  'user-modify-playback-state',
];

export type SpotifyErrorKind =
  /** The access token was refused (401): refresh and try again. */
  | 'unauthorized'
  /** The refresh token or code was refused (invalid_grant …): the user must connect again. */
  | 'rejected'
  /** 429: wait retryAfterMs. */
  | 'rate_limited'
  /** The player has no active device (404 NO_ACTIVE_DEVICE). */
  | 'no_device'
  /** Spotify refused the call itself (4xx: bad id, premium required …). */
  | 'refused'
  /** Spotify or the way there failed (5xx, network, an answer of the wrong shape). */
  | 'failed';

export class SpotifyError extends Error {
  override name = 'SpotifyError';
  readonly kind: SpotifyErrorKind;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  constructor(
    kind: SpotifyErrorKind,
    message: string,
    options: { cause?: unknown; status?: number; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface SpotifyClientConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accountsUrl: string;
  apiUrl: string;
  timeoutMs?: number;
}

export interface SpotifyTokens {
  accessToken: string;
  /** Spotify may leave it out of a refresh answer: the old one stays valid then. */
  refreshToken: string | null;
  expiresAt: Date;
  scopes: string[];
}

export interface Track {
  id: string;
  uri: string;
  name: string;
  artists: string[];
  album: string | null;
  durationMs: number;
  url: string;
}

export interface Playing {
  track: Track;
  isPlaying: boolean;
  progressMs: number;
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number(),
  scope: z.string().optional(),
});

const trackAnswer = z.object({
  id: z.string(),
  uri: z.string(),
  name: z.string(),
  duration_ms: z.number(),
  artists: z.array(z.object({ name: z.string() })),
  album: z.object({ name: z.string() }).nullish(),
  external_urls: z.object({ spotify: z.string().optional() }).partial().optional(),
});

const playingAnswer = z.object({
  is_playing: z.boolean(),
  progress_ms: z.number().nullish(),
  currently_playing_type: z.string().optional(),
  // An episode or an ad has no track here.
  item: z.unknown().nullish(),
});

const meAnswer = z.object({ id: z.string().min(1), display_name: z.string().nullish() });
const searchAnswer = z.object({ tracks: z.object({ items: z.array(trackAnswer) }) });

function toTrack(t: z.output<typeof trackAnswer>): Track {
  return {
    id: t.id,
    uri: t.uri,
    name: t.name,
    artists: t.artists.map((a) => a.name),
    album: t.album?.name ?? null,
    durationMs: t.duration_ms,
    url: t.external_urls?.spotify ?? `https://open.spotify.com/track/${t.id}`,
  };
}

/** Retry-After in seconds (Spotify's form) or an HTTP date; at least a second. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  if (header !== null && Number.isFinite(seconds)) return Math.max(1, seconds) * 1000;
  const date = header === null ? NaN : Date.parse(header);
  return Number.isNaN(date) ? 5_000 : Math.max(1_000, date - Date.now());
}

function errorDetail(text: string): { message: string; reason?: string } {
  try {
    const body = JSON.parse(text) as {
      error?: string | { message?: string; reason?: string };
      error_description?: string;
    };
    if (typeof body.error === 'object' && body.error) {
      return { message: body.error.message ?? text.slice(0, 200), reason: body.error.reason };
    }
    if (typeof body.error === 'string') {
      return { message: body.error_description ?? body.error, reason: body.error };
    }
  } catch {
    // not JSON: the text itself
  }
  return { message: text.slice(0, 200) };
}

export function createSpotifyClient(config: SpotifyClientConfig) {
  const timeoutMs = config.timeoutMs ?? 10_000;
  const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');

  async function send(what: string, url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new SpotifyError('failed', `could not reach Spotify for ${what}`, { cause });
    }
  }

  async function parsed<S extends z.ZodType>(what: string, res: Response, schema: S) {
    let value: unknown;
    try {
      value = await res.json();
    } catch (cause) {
      throw new SpotifyError('failed', `Spotify answered ${what} with something not JSON`, {
        cause,
      });
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new SpotifyError('failed', `Spotify's answer to ${what} is not in the expected shape`, {
        cause: result.error,
      });
    }
    return result.data as z.output<S>;
  }

  async function token(what: string, form: Record<string, string>): Promise<SpotifyTokens> {
    const res = await send(what, `${config.accountsUrl}/api/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form),
    });
    if (!res.ok) {
      const { message, reason } = errorDetail(await res.text());
      throw new SpotifyError(
        res.status >= 500 ? 'failed' : 'rejected',
        `Spotify refused ${what} (HTTP ${res.status}: ${reason && reason !== message ? `${reason}, ` : ''}${message})`,
        { status: res.status },
      );
    }
    const t = await parsed(what, res, tokenAnswer);
    return {
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? null,
      expiresAt: new Date(Date.now() + t.expires_in * 1000),
      scopes: (t.scope ?? '').split(' ').filter(Boolean),
    };
  }

  /** A Web API call; non-2xx answers become SpotifyErrors. */
  async function call(
    what: string,
    accessToken: string,
    method: 'GET' | 'POST',
    path: string,
  ): Promise<Response> {
    const res = await send(what, `${config.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (res.ok) return res;
    const { message, reason } = errorDetail(await res.text());
    const opts = { status: res.status };
    if (res.status === 401) {
      throw new SpotifyError(
        'unauthorized',
        `Spotify refused the token for ${what}: ${message}`,
        opts,
      );
    }
    if (res.status === 429) {
      throw new SpotifyError('rate_limited', `Spotify rate-limits ${what}`, {
        ...opts,
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
      });
    }
    if (res.status === 404 && reason === 'NO_ACTIVE_DEVICE') {
      throw new SpotifyError(
        'no_device',
        'no Spotify player is active (start playing on a device first)',
        opts,
      );
    }
    const text = `Spotify refused ${what} (HTTP ${res.status}: ${message || 'no detail'})`;
    throw new SpotifyError(res.status >= 500 ? 'failed' : 'refused', text, opts);
  }

  return {
    redirectUri: config.redirectUri,

    authorizeUrl(state: string): string {
      const url = new URL(`${config.accountsUrl}/authorize`);
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('redirect_uri', config.redirectUri);
      url.searchParams.set('scope', SPOTIFY_SCOPES.join(' '));
      url.searchParams.set('state', state);
      return url.toString();
    },

    exchangeCode: (code: string) =>
      token('the authorization code', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: config.redirectUri,
      }),

    refresh: (refreshToken: string) =>
      token('the token refresh', { grant_type: 'refresh_token', refresh_token: refreshToken }),

    async me(accessToken: string): Promise<{ id: string; displayName: string }> {
      const res = await call('the account lookup', accessToken, 'GET', '/me');
      const me = await parsed('the account lookup', res, meAnswer);
      return { id: me.id, displayName: me.display_name || me.id };
    },

    /** What plays now; null when nothing does (204) or it is not a track. */
    async currentlyPlaying(accessToken: string): Promise<Playing | null> {
      const what = 'the current track';
      const res = await call(what, accessToken, 'GET', '/me/player/currently-playing');
      if (res.status === 204) return null;
      const body = await parsed(what, res, playingAnswer);
      const item = trackAnswer.safeParse(body.item);
      if (!item.success) return null;
      return {
        track: toTrack(item.data),
        isPlaying: body.is_playing,
        progressMs: body.progress_ms ?? 0,
      };
    },

    async search(accessToken: string, query: string, limit = 1): Promise<Track[]> {
      const q = new URLSearchParams({ q: query, type: 'track', limit: String(limit) });
      const res = await call('the search', accessToken, 'GET', `/search?${q}`);
      return (await parsed('the search', res, searchAnswer)).tracks.items.map(toTrack);
    },

    /** The track, or null when Spotify has no track with that id. */
    async track(accessToken: string, id: string): Promise<Track | null> {
      try {
        const res = await call(
          'the track lookup',
          accessToken,
          'GET',
          `/tracks/${encodeURIComponent(id)}`,
        );
        return toTrack(await parsed('the track lookup', res, trackAnswer));
      } catch (err) {
        if (err instanceof SpotifyError && (err.status === 404 || err.status === 400)) return null;
        throw err;
      }
    },

    async addToQueue(accessToken: string, uri: string): Promise<void> {
      const q = new URLSearchParams({ uri });
      await call('adding to the queue', accessToken, 'POST', `/me/player/queue?${q}`);
    },

    async skip(accessToken: string): Promise<void> {
      await call('skipping the track', accessToken, 'POST', '/me/player/next');
    },
  };
}

export type SpotifyClient = ReturnType<typeof createSpotifyClient>;
