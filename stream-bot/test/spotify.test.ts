// Spotify, end to end: the real service on Postgres and nats-server, chat through
// the Twitch stand-in (the real @twurple bot), Spotify through its stand-in
// (accounts service and Web API) reached by the service's own HTTP client. A
// connect with a bad state stores nothing, a good one stores sealed tokens;
// !song answers what plays; !sr queues and its limits hold per viewer, every
// request is stored with its outcome; !skip is for moderators; now-playing is
// published once per track change; tokens refresh, a refused refresh asks for a
// reconnect; bad settings are refused with nothing changed; a 429 is honoured.
import { events, type SubscribedEvent } from '@homelab/nats';
import { createSecretBox } from '@homelab/nats/web';
import { afterAll, expect, it, vi } from 'vitest';
import { openSql } from '../../tools/test-env/pg-sql.ts';
import { freePort } from '../../tools/test-env/ports.ts';
import { eventually, serviceHarness, watchEvents } from '../../tools/test-env/service-harness.ts';
import {
  startSpotifyStandIn,
  type SpotifyStandIn,
  type StandInTrack,
} from '../../tools/test-env/spotify-stand-in.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import { loadConfig } from '../src/config.ts';
import { createSessionStore } from '../src/db/session-store.ts';
import { SESSION_COOKIE } from '../src/http/session.ts';
import { startService, type RunningService } from '../src/service.ts';
import {
  createTwitchUser,
  onDatabase,
  TEST_TOKEN_KEY,
  twitchEnv,
  type ChatUser,
} from './chat-setup.ts';
import type { TestService as HarnessService } from '../../tools/test-env/service-harness.ts';

type TestService = HarnessService<RunningService>;
/** What the tests read from JSON answers (checked by the expectations, not by types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;
const body = async (res: Response | Promise<Response>): Promise<Body> => (await res).json();

const { startTestService } = serviceHarness<RunningService>({
  user: 'streambot',
  start: (env) => startService(loadConfig(env), undefined, { spotifyPollMs: 400 }),
});

const CHANNEL = 'dj_dana';
const MOD = ['moderator/1'];
const TRACKS: StandInTrack[] = [
  {
    id: '4uLU6hMCjMI75M1A2tKUQC',
    name: 'Never Gonna Give You Up',
    artists: ['Rick Astley'],
    durationMs: 213_573,
  },
  { id: '7GhIk7Il098yCjg4BQjzvb', name: 'Take On Me', artists: ['a-ha'], durationMs: 225_280 },
  {
    id: '3n3Ppam7vgaVa1iaRUc9Lp',
    name: 'Mr. Brightside',
    artists: ['The Killers'],
    durationMs: 222_075,
  },
  {
    id: '0VjIjW4GlUZAMYd2vXMi3b',
    name: 'Blinding Lights',
    artists: ['The Weeknd'],
    durationMs: 200_040,
  },
  {
    id: '1AhDOtG9vPSOmsWgNW0BEY',
    name: 'Bohemian Rhapsody',
    artists: ['Queen'],
    durationMs: 354_320,
  },
  {
    id: '2Fxmhks0bxGSBdJ92vM42m',
    name: 'Bad Guy',
    artists: ['Billie Eilish', 'Finneas'],
    durationMs: 194_088,
  },
];
const [rick, aha, killers, weeknd, queen, billie] = TRACKS as [
  StandInTrack,
  StandInTrack,
  StandInTrack,
  StandInTrack,
  StandInTrack,
  StandInTrack,
];

let twitch: TwitchStandIn;
let spotify: SpotifyStandIn;
let svc: TestService;
let base: string;
let dana: ChatUser;
let cookie: string;
const seen: SubscribedEvent[] = [];
let stopEvents: (() => Promise<void>) | undefined;

afterAll(async () => {
  await stopEvents?.();
  await svc?.stop();
  await twitch?.close();
  await spotify?.close();
  vi.unstubAllEnvs();
});

/** A request as Dana's browser: her session cookie and this site's Origin. */
function asDana(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('cookie', [cookie, headers.get('cookie')].filter(Boolean).join('; '));
  headers.set('origin', base);
  if (init.body) headers.set('content-type', 'application/json');
  return fetch(base + path, { redirect: 'manual', ...init, headers });
}

async function sql<T>(statement: string, params: unknown[] = []): Promise<T[]> {
  const db = openSql(svc.database?.url ?? '');
  try {
    return await db.query<T>(statement, params);
  } finally {
    await db.end();
  }
}

/** A viewer's line and the bot's next line in the channel (its answer). */
async function chat(login: string, text: string, badges?: string[]): Promise<string> {
  const before = twitch.botMessages(CHANNEL).length;
  twitch.viewerSays(CHANNEL, { login, text, ...(badges ? { badges } : {}) });
  return eventually(async () => {
    const reply = twitch.botMessages(CHANNEL)[before];
    if (!reply) throw new Error(`no answer to "${text}" yet`);
    return reply.text;
  });
}

const nowPlayingEvents = () =>
  seen
    .filter((e) => e.subject === events.songNowPlaying.subject)
    .map((e) => e.envelope.data as { trackId: string; ownerId: string; name: string });

it('starts with a Twitch bot in chat and Spotify not connected', async () => {
  twitch = await startTwitchStandIn();
  spotify = await startSpotifyStandIn();
  spotify.setCatalog(TRACKS);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    ...twitchEnv(twitch),
    PORT: String(port),
    PUBLIC_URL: base,
    SPOTIFY_CLIENT_ID: spotify.clientId,
    SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
  });
  const watch = await watchEvents('STREAMBOT_EVENTS', seen);
  stopEvents = () => watch.stop();
  dana = await createTwitchUser(svc, twitch, { login: CHANNEL, userId: '8101' });
  const session = await (async () => {
    const db = openSql(svc.database?.url ?? '');
    try {
      return await createSessionStore({ sql: db }, { ttlMs: 3_600_000 }).create(dana.id);
    } finally {
      await db.end();
    }
  })();
  cookie = `${SESSION_COOKIE}=${session.token}`;
  expect((await dana.post('/api/bot/connect')).status).toBe(200);
  await eventually(async () => {
    if (!svc.service.chat.isJoined(dana.id, CHANNEL)) throw new Error('not joined yet');
  });

  const overview = await body(asDana('/api/spotify'));
  expect(overview).toMatchObject({
    configured: true,
    missing: [],
    account: null,
    nowPlaying: null,
  });
  expect(overview.settings).toEqual({
    enabled: false,
    minRole: 'everyone',
    maxQueuedPerUser: 3,
    userCooldownSeconds: 120,
    maxDurationSeconds: 600,
    blocklist: [],
  });
  expect(await chat('viewer_vic', '!song')).toBe('Spotify is not connected.');
});

it('refuses a callback with a bad state or none, and stores nothing', async () => {
  const start = await asDana('/auth/spotify/connect');
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(authorize.origin + authorize.pathname).toBe(`${spotify.accountsUrl}/authorize`);
  expect(authorize.searchParams.get('scope')).toBe(
    'user-read-currently-playing user-read-playback-state user-modify-playback-state',
  );
  const stateCookie = start.headers.getSetCookie().find((c) => c.startsWith('sb_spotify_state='));
  expect(stateCookie).toBeDefined();
  const code = spotify.issueCode(
    { id: 'dana_sp', displayName: 'Dana' },
    `${base}/auth/spotify/callback`,
  );

  const wrong = await asDana(`/auth/spotify/callback?code=${code}&state=not-the-state`, {
    headers: { cookie: stateCookie!.split(';')[0]! },
  });
  expect(wrong.status).toBe(400);
  expect((await body(wrong)).error.message).toMatch(/state does not match/);
  const none = await asDana(`/auth/spotify/callback?code=${code}&state=x`);
  expect(none.status).toBe(400);
  expect((await body(none)).error.message).toMatch(/no state cookie/);
  expect(await sql('SELECT * FROM spotify_accounts')).toEqual([]);
  expect(spotify.tokenGrants).toEqual([]);

  const anonymous = await fetch(`${base}/auth/spotify/connect`, { redirect: 'manual' });
  expect(anonymous.status).toBe(401);
});

it('connects an account: code exchanged, /me read, tokens stored sealed', async () => {
  spotify.consentAs({ id: 'dana_sp', displayName: 'Dana on Spotify' });
  const start = await asDana('/auth/spotify/connect');
  const state = start.headers.getSetCookie().find((c) => c.startsWith('sb_spotify_state='))!;
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const back = new URL(consent.headers.get('location')!);
  expect(back.pathname).toBe('/auth/spotify/callback');
  const done = await asDana(back.pathname + back.search, {
    headers: { cookie: state.split(';')[0]! },
  });
  expect(done.status).toBe(302);
  expect(done.headers.get('location')).toBe('/spotify');
  expect(spotify.tokenGrants).toEqual([{ grant: 'authorization_code', ok: true }]);

  const [row] = await sql<{
    spotify_user_id: string;
    display_name: string;
    access_token_enc: string;
    refresh_token_enc: string;
    scopes: string[];
  }>('SELECT * FROM spotify_accounts WHERE user_id = $1::uuid', [dana.id]);
  expect(row).toMatchObject({ spotify_user_id: 'dana_sp', display_name: 'Dana on Spotify' });
  expect(row!.scopes).toContain('user-modify-playback-state');
  const box = createSecretBox(Buffer.from(TEST_TOKEN_KEY, 'hex'));
  expect(row!.access_token_enc).toMatch(/^v1\./);
  expect(row!.refresh_token_enc).toMatch(/^v1\./);
  const access = box.open(row!.access_token_enc);
  expect(access.length).toBeGreaterThan(20);
  expect(row!.access_token_enc).not.toContain(access);

  const overview = await body(asDana('/api/spotify'));
  expect(overview.account).toMatchObject({
    spotifyUserId: 'dana_sp',
    displayName: 'Dana on Spotify',
    needsReconnect: false,
  });
});

it('answers !song with the track the stand-in plays, or that nothing plays', async () => {
  // !song answers once per 5 s in a channel; moderators are not held back by that.
  expect(await chat('mod_mo', '!song', MOD)).toBe('Nothing is playing on Spotify right now.');
  spotify.play(billie.id, { progressMs: 30_000 });
  expect(await chat('mod_mo', '!song', MOD)).toBe(
    `Now playing: Bad Guy — Billie Eilish, Finneas https://open.spotify.com/track/${billie.id}`,
  );
  const overview = await body(asDana('/api/spotify'));
  expect(overview.nowPlaying.track).toMatchObject({ id: billie.id, name: 'Bad Guy' });
  expect(overview.nowPlaying.isPlaying).toBe(true);
});

it('publishes now-playing once per track change', async () => {
  spotify.play(rick.id);
  await eventually(async () => {
    if (!nowPlayingEvents().some((e) => e.trackId === rick.id)) throw new Error('no event yet');
  });
  // Several polls (every 400 ms here) of the same track publish nothing more.
  await new Promise((r) => setTimeout(r, 1_500));
  spotify.play(aha.id);
  await eventually(async () => {
    if (!nowPlayingEvents().some((e) => e.trackId === aha.id)) throw new Error('no event yet');
  });
  await new Promise((r) => setTimeout(r, 1_000));
  const ids = nowPlayingEvents().map((e) => e.trackId);
  expect(ids.filter((id) => id === rick.id)).toHaveLength(1);
  expect(ids.filter((id) => id === aha.id)).toHaveLength(1);
  expect(ids.slice(-2)).toEqual([rick.id, aha.id]);
  const last = seen.filter((e) => e.subject === events.songNowPlaying.subject).at(-1)!;
  expect(last.envelope.data).toMatchObject({
    ownerId: dana.id,
    name: 'Take On Me',
    artists: ['a-ha'],
    url: `https://open.spotify.com/track/${aha.id}`,
    durationMs: aha.durationMs,
    isPlaying: true,
  });
});

it('refuses bad song-request settings with a 400 and changes nothing', async () => {
  const before = (await body(asDana('/api/spotify'))).settings;
  for (const patch of [
    { maxQueuedPerUser: -1 },
    { minRole: 'king' },
    { userCooldownSeconds: 1.5 },
    { enabled: 'yes' },
    { blocklist: [''] },
    { enabled: true, loudness: 11 },
  ]) {
    const res = await asDana('/api/spotify/settings', {
      method: 'PATCH',
      body: JSON.stringify(patch),
    });
    expect(res.status, JSON.stringify(patch)).toBe(400);
    expect((await body(res)).error.message).toMatch(/songRequests/);
  }
  const after = (await body(asDana('/api/spotify'))).settings;
  expect(after).toEqual(before);
});

it('refuses !sr while song requests are off, and stores the refusal', async () => {
  expect(await chat('viewer_vic', '!sr take on me')).toBe(
    '@viewer_vic Song requests are switched off.',
  );
  const res = await asDana('/api/spotify/settings', {
    method: 'PATCH',
    body: JSON.stringify({ enabled: true, maxQueuedPerUser: 2, userCooldownSeconds: 60 }),
  });
  expect(res.status).toBe(200);
  expect((await body(res)).settings).toMatchObject({ enabled: true, maxQueuedPerUser: 2 });
});

it('queues a requested track; the cooldown and the per-viewer limit hold', async () => {
  expect(await chat('viewer_vic', '!sr killers brightside')).toBe(
    '@viewer_vic Queued: Mr. Brightside — The Killers',
  );
  expect(spotify.queue).toEqual([`spotify:track:${killers.id}`]);
  // Within the cooldown: refused with the wait, nothing queued.
  expect(await chat('viewer_vic', '!sr weeknd')).toMatch(
    /^@viewer_vic Wait \d+s before your next request\.$/,
  );
  expect(spotify.queue).toHaveLength(1);
  // Another viewer is not held back by Vic's cooldown; a link works as well as a search.
  expect(await chat('viewer_wes', `!sr https://open.spotify.com/track/${weeknd.id}?si=abc`)).toBe(
    '@viewer_wes Queued: Blinding Lights — The Weeknd',
  );

  await asDana('/api/spotify/settings', {
    method: 'PATCH',
    body: JSON.stringify({ userCooldownSeconds: 0 }),
  });
  expect(await chat('viewer_vic', `!sr spotify:track:${queen.id}`)).toBe(
    '@viewer_vic Queued: Bohemian Rhapsody — Queen',
  );
  expect(await chat('viewer_vic', '!sr rick astley')).toBe(
    '@viewer_vic You have 2 requests this stream (the limit is 2).',
  );
  expect(spotify.queue).toEqual([
    `spotify:track:${killers.id}`,
    `spotify:track:${weeknd.id}`,
    `spotify:track:${queen.id}`,
  ]);

  const { requests } = await body(asDana('/api/spotify/requests'));
  expect(
    requests.map((r: { requesterName: string; status: string; trackName: string | null }) => [
      r.requesterName,
      r.status,
      r.trackName,
    ]),
  ).toEqual([
    ['viewer_vic', 'refused', null],
    ['viewer_vic', 'queued', 'Bohemian Rhapsody'],
    ['viewer_wes', 'queued', 'Blinding Lights'],
    ['viewer_vic', 'refused', null],
    ['viewer_vic', 'queued', 'Mr. Brightside'],
    ['viewer_vic', 'refused', null],
  ]);
  expect(requests[0].reason).toBe('you have 2 requests this stream (the limit is 2)');
  expect(requests[3].reason).toMatch(/^wait \d+s before your next request$/);
  expect(requests[5].reason).toBe('song requests are switched off');
  expect(requests[1]).toMatchObject({ platform: 'twitch', channel: CHANNEL, trackId: queen.id });
});

it('answers bad !sr input clearly and stores each as refused', async () => {
  await asDana('/api/spotify/settings', {
    method: 'PATCH',
    body: JSON.stringify({ maxQueuedPerUser: 0, maxDurationSeconds: 300, blocklist: ['weeknd'] }),
  });
  const answers = [
    await chat('viewer_xan', '!sr'),
    await chat('viewer_xan', '!sr https://open.spotify.com/album/1DFixLWuPkv3KT3TnV35m3'),
    await chat('viewer_xan', '!sr zzz no such song'),
    await chat('viewer_xan', '!sr https://open.spotify.com/track/0000000000000000000000'),
    await chat('viewer_xan', '!sr bohemian rhapsody'),
    await chat('viewer_xan', '!sr blinding lights'),
  ];
  expect(answers).toEqual([
    '@viewer_xan Say which song: !sr <title and artist or Spotify link>.',
    '@viewer_xan That is not a Spotify track link (open.spotify.com/track/…).',
    '@viewer_xan No track found for "zzz no such song".',
    '@viewer_xan Spotify has no track with that link.',
    '@viewer_xan Bohemian Rhapsody — Queen is longer than 5:00.',
    '@viewer_xan Blinding Lights — The Weeknd is on the blocklist.',
  ]);
  const rows = await sql<{ status: string; query: string }>(
    `SELECT status, query FROM song_requests WHERE requester_name = 'viewer_xan' ORDER BY created_at`,
  );
  expect(rows.map((r) => r.status)).toEqual(Array(6).fill('refused'));
  expect(rows[0]!.query).toBe('');
  expect(spotify.queue).toHaveLength(3);
});

it('stores a request Spotify cannot queue as failed, with the API’s error', async () => {
  spotify.setDevice(false);
  expect(await chat('viewer_yara', '!sr mr brightside')).toBe(
    '@viewer_yara Could not queue Mr. Brightside — The Killers: no Spotify player is active (start playing on a device first).',
  );
  spotify.setDevice(true);
  const [row] = await sql<{ status: string; reason: string; track_id: string }>(
    `SELECT status, reason, track_id FROM song_requests WHERE requester_name = 'viewer_yara'`,
  );
  expect(row).toEqual({
    status: 'failed',
    reason: 'no Spotify player is active (start playing on a device first)',
    track_id: killers.id,
  });
});

it('lets only moderators skip', async () => {
  spotify.play(aha.id);
  const nextCalls = () => spotify.calls.filter((c) => c.path === '/me/player/next').length;
  twitch.viewerSays(CHANNEL, { login: 'viewer_vic', text: '!skip' });
  await new Promise((r) => setTimeout(r, 1_000));
  expect(nextCalls()).toBe(0);
  expect(await chat('mod_mo', '!skip', MOD)).toBe('Skipped: Take On Me — a-ha');
  expect(nextCalls()).toBe(1);
  // The stand-in plays the first queued track next.
  await eventually(async () => {
    if (!nowPlayingEvents().some((e) => e.trackId === killers.id)) throw new Error('not yet');
  });
  // Skipping a requested track marks its request as skipped.
  expect(await chat('mod_mo', '!skip', MOD)).toBe('Skipped: Mr. Brightside — The Killers');
  const [killersRequest] = await sql<{ status: string }>(
    `SELECT status FROM song_requests WHERE track_id = $1 AND requester_name = 'viewer_vic'`,
    [killers.id],
  );
  expect(killersRequest?.status).toBe('skipped');
  // The viewer's !commands does not list !skip; a moderator's does.
  expect(await chat('viewer_vic', '!commands')).not.toContain('!skip');
  expect(await chat('mod_mo', '!commands', MOD)).toContain('!skip');
});

it('refreshes an expired token and after a 401, and stores the new one sealed', async () => {
  const stored = async () =>
    (await sql<{ access_token_enc: string }>('SELECT access_token_enc FROM spotify_accounts'))[0]!
      .access_token_enc;
  const before = await stored();
  const grants = () => spotify.tokenGrants.filter((g) => g.grant === 'refresh_token').length;

  // Spotify says the token expired before our clock does: a 401, one refresh, the call again.
  spotify.expireTokens();
  spotify.play(rick.id);
  expect(await chat('mod_mo', '!song', MOD)).toMatch(/^Now playing: Never Gonna Give You Up/);
  expect(grants()).toBeGreaterThanOrEqual(1);
  const afterFirst = await stored();
  expect(afterFirst).not.toBe(before);
  expect(afterFirst).toMatch(/^v1\./);

  // Our clock says it is about to expire: refreshed ahead, without a 401 first.
  const n = grants();
  const unauthorized = spotify.calls.filter((c) => c.status === 401).length;
  await onDatabase(
    svc,
    `UPDATE spotify_accounts SET token_expires_at = now() + interval '10 seconds'`,
    [],
  );
  expect((await asDana('/api/spotify')).status).toBe(200);
  expect(grants()).toBeGreaterThan(n);
  expect(spotify.calls.filter((c) => c.status === 401).length).toBe(unauthorized);
});

it('asks for a reconnect when Spotify refuses the refresh token', async () => {
  spotify.revokeRefreshTokens();
  spotify.expireTokens();
  expect(await chat('mod_mo', '!song', MOD)).toBe(
    'Spotify needs to be connected again by the streamer.',
  );
  const overview = await body(asDana('/api/spotify'));
  expect(overview.account.needsReconnect).toBe(true);
  expect(overview.nowPlaying).toBeNull();
  const [row] = await sql<{ refresh_token_enc: string | null }>(
    'SELECT refresh_token_enc FROM spotify_accounts',
  );
  expect(row!.refresh_token_enc).toBeNull();
  await eventually(async () => {
    if (svc.service.spotify.nowPlaying.isPolling(dana.id)) throw new Error('still polling');
  });
});

it('reconnects, honours Retry-After on a 429, and disconnects', async () => {
  const start = await asDana('/auth/spotify/connect');
  const state = start.headers.getSetCookie().find((c) => c.startsWith('sb_spotify_state='))!;
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  const done = await asDana(back.pathname + back.search, {
    headers: { cookie: state.split(';')[0]! },
  });
  expect(done.status).toBe(302);
  expect((await body(asDana('/api/spotify'))).account.needsReconnect).toBe(false);
  await eventually(async () => {
    if (!svc.service.spotify.nowPlaying.isPolling(dana.id)) throw new Error('not polling');
  });

  spotify.rateLimit(1, 2);
  const limitedAt = await eventually(async () => {
    const call = spotify.calls.findLast((c) => c.status === 429);
    if (!call) throw new Error('no 429 yet');
    return Date.now();
  });
  await new Promise((r) => setTimeout(r, 1_200));
  const polls = () => spotify.calls.filter((c) => c.path === '/me/player/currently-playing');
  const after429 = polls().findIndex((c) => c.status === 429);
  // Nothing asked Spotify again within the 2 s it asked for (the poll runs every 400 ms otherwise).
  expect(polls().slice(after429 + 1)).toHaveLength(0);
  await eventually(async () => {
    if (polls().length <= after429 + 1) throw new Error('not polled again yet');
  }, 5_000);
  expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(1_500);

  const res = await asDana('/api/spotify', { method: 'DELETE' });
  expect(res.status).toBe(200);
  expect(await body(res)).toMatchObject({ disconnected: true, account: null });
  expect(await sql('SELECT * FROM spotify_accounts')).toEqual([]);
  expect(svc.service.spotify.nowPlaying.isPolling(dana.id)).toBe(false);
});

it('says what to set while Spotify is not configured', async () => {
  const bare = await startTestService({ WEB_PASSWORD: 'not-configured-test' });
  try {
    const login = await bare.post('/api/auth/login', {
      username: 'admin',
      password: 'not-configured-test',
    });
    expect(login.status).toBe(200);
    expect(await body(bare.get('/api/spotify'))).toMatchObject({
      configured: false,
      missing: ['SPOTIFY_CLIENT_ID', 'SPOTIFY_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'],
      account: null,
    });
    const connect = await bare.request('/auth/spotify/connect', { redirect: 'manual' });
    expect(connect.status).toBe(503);
    expect((await body(connect)).error.message).toMatch(/set SPOTIFY_CLIENT_ID/);
    const song = await body(bare.post('/api/bot/command', { text: '!song' }));
    expect(song.reply).toBe('Spotify is not set up for this bot.');
  } finally {
    await bare.stop();
  }
});
