// The Spotify page in a real browser, against the Spotify stand-in: "Connect
// Spotify" goes through the stand-in's consent and back to the page, which shows
// what plays and follows a track change live; the song-request form names a bad
// value before anything is sent (nothing changes) and saves good ones; the
// request history shows queued and refused requests with their reasons. Saves
// docs/screenshots/spotify.png.
import type { Browser } from 'playwright-core';
import { expect, it, beforeAll } from 'vitest';
import { freePort } from '../../tools/test-env/ports.ts';
import { startSpotifyStandIn, type SpotifyStandIn } from '../../tools/test-env/spotify-stand-in.ts';
import { onDatabase, TEST_TOKEN_KEY } from './chat-setup.ts';
import {
  serviceHarness,
  type TestService as HarnessService,
} from '../../tools/test-env/service-harness.ts';
import { loadConfig } from '../src/config.ts';
import { startService, type RunningService } from '../src/service.ts';
import { TEST_PASSWORD, TEST_USERNAME } from './harness.ts';

type TestService = HarnessService<RunningService>;

// Signed in as the local account; the now-playing poll runs every 500 ms here.
const { startTestService } = serviceHarness<RunningService>({
  user: 'streambot',
  env: { WEB_USERNAME: TEST_USERNAME, WEB_PASSWORD: TEST_PASSWORD },
  start: (env) => startService(loadConfig(env), undefined, { spotifyPollMs: 500 }),
  async ready(svc) {
    const res = await svc.post('/api/auth/login', {
      username: TEST_USERNAME,
      password: TEST_PASSWORD,
    });
    if (res.status !== 200) throw new Error(`test login failed: ${res.status}`);
  },
});
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

const TRACKS = [
  {
    id: '4uLU6hMCjMI75M1A2tKUQC',
    name: 'Never Gonna Give You Up',
    artists: ['Rick Astley'],
    album: 'Whenever You Need Somebody',
    durationMs: 213_573,
  },
  {
    id: '7GhIk7Il098yCjg4BQjzvb',
    name: 'Take On Me',
    artists: ['a-ha'],
    album: 'Hunting High and Low',
    durationMs: 225_280,
  },
  {
    id: '1AhDOtG9vPSOmsWgNW0BEY',
    name: 'Bohemian Rhapsody',
    artists: ['Queen'],
    album: 'A Night at the Opera',
    durationMs: 354_320,
  },
];

let spotify: SpotifyStandIn;
let svc: TestService;
let browser: Browser;
let base: string;

beforeAll(async () => {
  spotify = await startSpotifyStandIn();
  spotify.setCatalog(TRACKS);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
    SPOTIFY_CLIENT_ID: spotify.clientId,
    SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
    SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
    SPOTIFY_API_URL: spotify.apiUrl,
  });
  browser = await launchBrowser();
  return async () => {
    await browser.close();
    await svc.stop();
    await spotify.close();
  };
});

it('connects Spotify, follows what plays, and keeps song-request settings and history', async () => {
  const me = (await (await svc.get('/api/auth/me')).json()) as { user: { id: string } };
  // The now-playing poll runs while the bot is switched on.
  await onDatabase(
    svc,
    `INSERT INTO bot_config (user_id, enabled) VALUES ($1::uuid, true)
     ON CONFLICT (user_id) DO UPDATE SET enabled = true`,
    [me.user.id],
  );
  spotify.consentAs({ id: 'dj_admin', displayName: 'DJ Admin' });
  spotify.play(TRACKS[0]!.id, { progressMs: 60_000 });

  const page = await newPage(browser);
  await logIn(page, base, '/spotify');
  const card = page.getByTestId('spotify');
  await card.getByRole('link', { name: 'Connect Spotify' }).click();
  await page.waitForURL((url) => url.pathname === '/spotify');
  await card.getByText('Connected as').waitFor();
  expect(await card.innerText()).toContain('DJ Admin');
  const playing = page.getByTestId('spotify-now-playing');
  await playing.getByText('Never Gonna Give You Up').waitFor();

  // The next track shows up without a reload.
  await playing.getByText('live', { exact: true }).waitFor();
  spotify.play(TRACKS[1]!.id, { progressMs: 5_000 });
  await playing.getByText('Take On Me').waitFor({ timeout: 10_000 });

  // A bad value is named at the field; nothing is sent, nothing changes.
  const form = page.getByRole('form', { name: 'Song request settings' });
  await form.locator('input[name="maxQueuedPerUser"]').fill('500');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Requests per viewer is a whole number from 0 to 100').waitFor();
  const stored = async () =>
    ((await (await svc.get('/api/spotify')).json()) as { settings: Record<string, unknown> })
      .settings;
  expect(await stored()).toMatchObject({ enabled: false, maxQueuedPerUser: 3 });

  await form.locator('input[name="maxQueuedPerUser"]').fill('2');
  await form.locator('input[name="maxDurationSeconds"]').fill('300');
  await form.getByLabel('Viewers may request songs with !sr').check();
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Saved').waitFor();
  expect(await stored()).toMatchObject({
    enabled: true,
    maxQueuedPerUser: 2,
    maxDurationSeconds: 300,
  });

  // Requests as chat would make them (run through the API as viewers of the local account).
  const run = (text: string, login: string) =>
    svc.post('/api/bot/command', { text, as: { login, role: 'everyone' } });
  expect((await run('!sr take on me', 'pixel_pete')).status).toBe(200);
  expect((await run('!sr bohemian rhapsody', 'retro_rita')).status).toBe(200);
  expect((await run('!sr', 'quiet_quinn')).status).toBe(200);
  expect(spotify.queue).toEqual([`spotify:track:${TRACKS[1]!.id}`]);

  await page.reload();
  const history = page.getByTestId('spotify-requests');
  await history.waitFor();
  const text = await history.innerText();
  expect(text).toContain('Take On Me');
  expect(text).toContain('queued');
  expect(text).toContain('Bohemian Rhapsody — Queen is longer than 5:00');
  expect(text).toContain('say which song');
  await page.getByTestId('spotify-now-playing').getByText('Take On Me').waitFor();
  await screenshot(page, 'spotify');
});
