// The Spotify stand-in on the wire, as a client of Spotify sees it: the
// accounts service's grants with HTTP Basic client authentication and its
// error bodies, and the Web API's answers (200/204, errors as
// { error: { status, message, reason? } }, 401 for a bad token, 429 with
// Retry-After).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSpotifyStandIn, type SpotifyStandIn } from './spotify-stand-in.ts';

const TRACK = {
  id: '4uLU6hMCjMI75M1A2tKUQC',
  name: 'Never Gonna Give You Up',
  artists: ['Rick Astley'],
  durationMs: 213_573,
};
const REDIRECT = 'http://localhost:5000/auth/spotify/callback';

let s: SpotifyStandIn;
beforeAll(async () => {
  s = await startSpotifyStandIn();
  s.setCatalog([TRACK]);
});
afterAll(() => s.close());

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function token(form: Record<string, string>, auth = basic(s.clientId, s.clientSecret)) {
  const res = await fetch(`${s.accountsUrl}/api/token`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const api = (token: string, method: string, path: string) =>
  fetch(`${s.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

describe('the Spotify stand-in', () => {
  it('exchanges a one-time code and refreshes, with Basic client authentication', async () => {
    const code = s.issueCode({ id: 'u1', displayName: 'U One' }, REDIRECT, [
      'user-read-currently-playing',
    ]);
    const wrongClient = await token(
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      basic(s.clientId, 'nope'),
    );
    expect(wrongClient).toEqual({
      status: 400,
      body: { error: 'invalid_client', error_description: 'Invalid client' },
    });
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'user-read-currently-playing',
      expires_in: 3600,
    });
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code',
    });
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    const me = await api(refreshed.body.access_token as string, 'GET', '/me');
    expect(await me.json()).toMatchObject({ id: 'u1', display_name: 'U One', type: 'user' });
    s.revokeRefreshTokens();
    expect(
      (
        await token({
          grant_type: 'refresh_token',
          refresh_token: first.body.refresh_token as string,
        })
      ).body,
    ).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
  });

  it('answers the Web API in its shapes', async () => {
    const code = s.issueCode({ id: 'u2', displayName: 'U Two' }, REDIRECT);
    const access = (await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }))
      .body.access_token as string;

    expect((await api('bogus', 'GET', '/me')).status).toBe(401);
    expect(await (await api('bogus', 'GET', '/me')).json()).toEqual({
      error: { status: 401, message: 'Invalid access token' },
    });

    s.play(null);
    expect((await api(access, 'GET', '/me/player/currently-playing')).status).toBe(204);
    s.play(TRACK.id, { progressMs: 1000 });
    const playing = (await (await api(access, 'GET', '/me/player/currently-playing')).json()) as {
      is_playing: boolean;
      progress_ms: number;
      item: { name: string; artists: { name: string }[]; external_urls: { spotify: string } };
    };
    expect(playing.is_playing).toBe(true);
    expect(playing.progress_ms).toBeGreaterThanOrEqual(1000);
    expect(playing.item.artists.map((a) => a.name)).toEqual(['Rick Astley']);
    expect(playing.item.external_urls.spotify).toBe(`https://open.spotify.com/track/${TRACK.id}`);

    const search = (await (
      await api(access, 'GET', '/search?q=rick%20astley&type=track&limit=1')
    ).json()) as { tracks: { items: { id: string }[]; total: number } };
    expect(search.tracks.items.map((t) => t.id)).toEqual([TRACK.id]);
    expect((await api(access, 'GET', '/tracks/short')).status).toBe(400);
    expect((await api(access, 'GET', `/tracks/${'0'.repeat(22)}`)).status).toBe(404);

    const uri = `spotify:track:${TRACK.id}`;
    s.setDevice(false);
    const noDevice = await api(access, 'POST', `/me/player/queue?uri=${encodeURIComponent(uri)}`);
    expect(noDevice.status).toBe(404);
    expect(((await noDevice.json()) as { error: { reason: string } }).error.reason).toBe(
      'NO_ACTIVE_DEVICE',
    );
    s.setDevice(true);
    expect(
      (await api(access, 'POST', `/me/player/queue?uri=${encodeURIComponent(uri)}`)).status,
    ).toBe(204);
    expect(s.queue).toEqual([uri]);

    s.rateLimit(1, 3);
    const limited = await api(access, 'GET', '/me');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await api(access, 'GET', '/me')).status).toBe(200);

    s.expireTokens();
    expect(await (await api(access, 'GET', '/me')).json()).toEqual({
      error: { status: 401, message: 'The access token expired' },
    });
  });
});
