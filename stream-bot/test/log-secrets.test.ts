// Secrets never reach stream-bot's log. The service runs in-process with a trace-level logger
// whose lines this file keeps (tools/secrets-in-logs), through the flows that handle secrets:
// local logins (right and wrong passwords), the session cookie, "Log in with Twitch" through
// the Twitch stand-in (client secret, code, access and refresh tokens), a token refresh and a
// refused token, Spotify through its stand-in (code, tokens, a refresh after a 401, a refused
// refresh token), facts from the OpenAI stand-in (the API key, a refused call); then it is run
// as a process that cannot start (wrong NATS password, wrong or unreachable database with a
// password in its URL). Every line is searched for every secret, raw, URL-encoded, base64 and
// JSON-escaped.
import { randomBytes } from 'node:crypto';
import { createSecretBox } from '@homelab/nats/web';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it, vi } from 'vitest';
import { captureLogs } from '../../tools/secrets-in-logs/capture.ts';
import { startupFailures } from '../../tools/secrets-in-logs/startup-failures.ts';
import { expectNoSecrets, type Secrets } from '../../tools/secrets-in-logs/scan.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { openSql } from '../../tools/test-env/pg-sql.ts';
import { startSpotifyStandIn, type SpotifyStandIn } from '../../tools/test-env/spotify-stand-in.ts';
import { freePort } from '../../tools/test-env/ports.ts';
import {
  eventually,
  serviceHarness,
  type TestService,
} from '../../tools/test-env/service-harness.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import { loadConfig } from '../src/config.ts';
import { createSessionStore } from '../src/db/session-store.ts';
import { SESSION_COOKIE } from '../src/http/session.ts';
import { startService, type RunningService } from '../src/service.ts';
import { createTwitchUser, TEST_TOKEN_KEY, twitchEnv } from './chat-setup.ts';
import { browse } from '../../tools/secrets-in-logs/browse.ts';

const secret = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
const WEB_PASSWORD = secret('web');
const OPENAI_KEY = `sk-${secret('openai')}`;
const capture = captureLogs();

const { startTestService } = serviceHarness<RunningService>({
  user: 'streambot',
  env: { WEB_USERNAME: 'admin', WEB_PASSWORD },
  start: (env) => startService(loadConfig(env), capture.logger('stream-bot')),
});

let twitch: TwitchStandIn;
let openai: OpenAiStandIn;
let spotify: SpotifyStandIn;
let svc: TestService<RunningService>;
let base: string;
const secrets: Secrets = {};

beforeAll(async () => {
  capture.captureConsole();
  twitch = await startTwitchStandIn();
  openai = await startOpenAiStandIn({ apiKey: OPENAI_KEY });
  spotify = await startSpotifyStandIn();
  spotify.setCatalog([
    { id: '4uLU6hMCjMI75M1A2tKUQC', name: 'Take On Me', artists: ['a-ha'], durationMs: 225_280 },
  ]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    ...twitchEnv(twitch),
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openai.baseUrl,
    FACT_POOL_SIZE: '0',
    SPOTIFY_CLIENT_ID: spotify.clientId,
    SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
  });
  Object.assign(secrets, {
    WEB_PASSWORD,
    OPENAI_API_KEY: OPENAI_KEY,
    TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
    TWITCH_CLIENT_SECRET: twitch.clientSecret,
    SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
    NATS_PASSWORD: inject('natsCredentials').streambot.pass,
    'database password': svc.database?.password,
  });
}, 60_000);

afterAll(async () => {
  await svc?.stop();
  await twitch?.close();
  await openai?.close();
  await spotify?.close();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

it('logs no password, cookie, token, code or key in the flows that handle them', async () => {
  // Local logins: wrong passwords, then the right one (the harness logged in once already).
  for (let i = 0; i < 3; i++) {
    const wrong = secret('wrongpw');
    secrets[`wrong password ${i}`] = wrong;
    const res = await svc.post('/api/auth/login', { username: 'admin', password: wrong });
    expect(res.status).toBe(401);
  }
  const login = await svc.post('/api/auth/login', { username: 'admin', password: WEB_PASSWORD });
  expect(login.status).toBe(200);
  secrets['session cookie'] = svc.cookies.get('sb_session');
  expect((await svc.get('/api/auth/me')).status).toBe(200);
  // A forged session cookie.
  const forged = secret('forged');
  secrets['forged session cookie'] = forged;
  expect(
    (await svc.anonymous('/api/facts', { headers: { cookie: `sb_session=${forged}` } })).status,
  ).toBe(401);

  // "Log in with Twitch": the code and the tokens Twitch gave.
  twitch.consentAs({ login: 'secret_streamer', userId: '7001' });
  const oauth = await browse(base, `${base}/auth/twitch/login`);
  const callback = oauth.visited.find((u) => u.startsWith(`${base}/auth/twitch/callback`));
  secrets['OAuth code'] = new URL(callback ?? base).searchParams.get('code') ?? undefined;
  secrets['OAuth state'] = new URL(callback ?? base).searchParams.get('state') ?? undefined;
  secrets['Twitch login session cookie'] = oauth.jar.get('sb_session');
  const db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
  const box = createSecretBox(Buffer.from(TEST_TOKEN_KEY, 'hex'));
  const tokensOf = async (login: string) => {
    const { rows } = await db.query<{ access_token_enc: string; refresh_token_enc: string }>(
      'SELECT access_token_enc, refresh_token_enc FROM users WHERE login = $1',
      [login],
    );
    return {
      access: box.open(rows[0]!.access_token_enc),
      refresh: box.open(rows[0]!.refresh_token_enc),
    };
  };
  try {
    const loggedIn = await tokensOf('secret_streamer');
    secrets['Twitch access token (login)'] = loggedIn.access;
    secrets['Twitch refresh token (login)'] = loggedIn.refresh;

    // A token refresh: an expired token, refreshed when the bot connects.
    const bob = await createTwitchUser(svc, twitch, {
      login: 'bob_refresh',
      userId: '7002',
      expiresIn: 0,
    });
    secrets['Twitch access token (expired)'] = bob.tokens.accessToken;
    secrets['Twitch refresh token (used)'] = bob.tokens.refreshToken ?? undefined;
    expect((await bob.post('/api/bot/connect')).status).toBe(200);
    await eventually(async () => {
      const s = (await (await bob.get('/api/bot/status')).json()) as { state: string };
      if (s.state !== 'connected') throw new Error(s.state);
    }, 20_000);
    const refreshed = await tokensOf('bob_refresh');
    expect(refreshed.access).not.toBe(bob.tokens.accessToken);
    secrets['Twitch access token (refreshed)'] = refreshed.access;
    secrets['Twitch refresh token (refreshed)'] = refreshed.refresh;
    expect((await bob.post('/api/bot/disconnect')).status).toBe(200);

    // A refused token.
    const carol = await createTwitchUser(svc, twitch, { login: 'carol_refused', userId: '7003' });
    secrets['Twitch access token (revoked)'] = carol.tokens.accessToken;
    secrets['Twitch refresh token (of the revoked)'] = carol.tokens.refreshToken ?? undefined;
    twitch.revokeToken(carol.tokens.accessToken);
    expect((await carol.post('/api/bot/connect')).status).toBe(200);
    await eventually(async () => {
      const s = (await (await carol.get('/api/bot/status')).json()) as { state: string };
      if (s.state !== 'error') throw new Error(s.state);
    }, 20_000);
    // twurple's report of the failed refresh is among the lines scanned (it once held secrets).
    await eventually(async () => {
      const reported = capture.lines.some((l) => l.includes('Refreshing the access token failed'));
      if (!reported) throw new Error('the failed refresh is not logged yet');
    }, 20_000);
    // Its status says why, to the owner's browser: without the secrets of the refresh request.
    const status = await (await carol.get('/api/bot/status')).text();
    expectNoSecrets([status], {
      TWITCH_CLIENT_SECRET: twitch.clientSecret,
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
      'Twitch refresh token': carol.tokens.refreshToken ?? undefined,
    });

    // Spotify: connect (code, tokens), a refresh after a 401, then a refused refresh token.
    const dana = await createTwitchUser(svc, twitch, { login: 'dana_spins', userId: '7004' });
    expect((await dana.post('/api/bot/connect')).status).toBe(200);
    await eventually(async () => {
      if (!svc.service.chat.isJoined(dana.id, 'dana_spins')) throw new Error('not joined yet');
    }, 20_000);
    const sql = openSql(svc.database!.url);
    const session = await createSessionStore({ sql }, { ttlMs: 3_600_000 })
      .create(dana.id)
      .finally(() => sql.end());
    secrets['Spotify user session cookie'] = session.token;
    const asDana = (path: string, cookie = '') =>
      fetch(base + path, {
        redirect: 'manual',
        headers: { cookie: `${SESSION_COOKIE}=${session.token}${cookie}`, origin: base },
      });
    spotify.consentAs({ id: 'dana_sp', displayName: 'Dana' });
    const start = await asDana('/auth/spotify/connect');
    const state = start.headers.getSetCookie().find((c) => c.startsWith('sb_spotify_state='))!;
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const back = new URL(consent.headers.get('location')!);
    secrets['Spotify OAuth code'] = back.searchParams.get('code') ?? undefined;
    const done = await asDana(back.pathname + back.search, `; ${state.split(';')[0]!}`);
    expect(done.status).toBe(302);
    const spotifyTokens = async () => {
      const { rows } = await db.query<{ access_token_enc: string; refresh_token_enc: string }>(
        'SELECT access_token_enc, refresh_token_enc FROM spotify_accounts',
      );
      return {
        access: box.open(rows[0]!.access_token_enc),
        refresh: box.open(rows[0]!.refresh_token_enc),
      };
    };
    const connected = await spotifyTokens();
    secrets['Spotify access token'] = connected.access;
    secrets['Spotify refresh token'] = connected.refresh;
    const song = async () => {
      const before = twitch.botMessages('dana_spins').length;
      twitch.viewerSays('dana_spins', { login: 'mod_mo', text: '!song', badges: ['moderator/1'] });
      return eventually(async () => {
        const reply = twitch.botMessages('dana_spins')[before];
        if (!reply) throw new Error('no answer yet');
        return reply.text;
      }, 20_000);
    };
    spotify.play('4uLU6hMCjMI75M1A2tKUQC');
    spotify.expireTokens();
    expect(await song()).toMatch(/Take On Me/);
    const refreshedSpotify = await spotifyTokens();
    expect(refreshedSpotify.access).not.toBe(connected.access);
    secrets['Spotify access token (refreshed)'] = refreshedSpotify.access;
    secrets['Spotify refresh token (refreshed)'] = refreshedSpotify.refresh;
    spotify.revokeRefreshTokens();
    spotify.expireTokens();
    expect(await song()).toMatch(/connected again/);
  } finally {
    await db.end();
  }

  // Facts from the model (the key goes out as a bearer token), then a refused call.
  openai.answer('Octopuses have three hearts.');
  expect((await svc.post('/api/facts')).status).toBe(201);
  openai.answer({ status: 401, message: 'Incorrect API key provided' });
  openai.setDefault({ status: 401, message: 'Incorrect API key provided' });
  await svc.post('/api/facts');

  await svc.stop();
  const scanned = expectNoSecrets(capture.lines, secrets);
  // The scan read a trace-level log of these flows, not an empty one.
  expect(scanned).toBeGreaterThan(10);
  console.info(`log-secrets stream-bot: ${scanned} lines, ${Object.keys(secrets).length} secrets`);
}, 120_000);

it('logs no password when it cannot start (wrong NATS password, wrong or unreachable database)', async () => {
  const { lines, secrets: own } = await startupFailures('streambot', {
    WEB_PASSWORD,
    OPENAI_API_KEY: OPENAI_KEY,
  });
  const scanned = expectNoSecrets(lines, { ...own, WEB_PASSWORD, OPENAI_API_KEY: OPENAI_KEY });
  console.info(`log-secrets stream-bot start-up failures: ${scanned} lines`);
}, 180_000);
