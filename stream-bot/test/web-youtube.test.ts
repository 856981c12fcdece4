// The YouTube page in a real browser: what to set while YouTube is not
// configured; with the stand-in as Google, "Connect YouTube" through the consent
// page and back, reading switched on, the live chat found and read, a quota
// error shown as a pause until midnight Pacific, and disconnect. Saves
// docs/screenshots/youtube.png while the chat is being read and youtube-quota.png
// during the pause.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../tools/test-env/ports.ts';
import { startYouTubeStandIn, type YouTubeStandIn } from '../../tools/test-env/youtube-stand-in.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

const CHANNEL = { channelId: 'UCbrowserchannel00000001', title: 'Browser Bea' };

let standIn: YouTubeStandIn;
let svc: TestService;
let bare: TestService;
let browser: Browser;
let base: string;

beforeAll(async () => {
  standIn = await startYouTubeStandIn();
  standIn.setPollingInterval(1_000);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TOKEN_ENCRYPTION_KEY: '7b'.repeat(32),
    YOUTUBE_CLIENT_ID: standIn.clientId,
    YOUTUBE_CLIENT_SECRET: standIn.clientSecret,
    YOUTUBE_AUTH_URL: standIn.authUrl,
    YOUTUBE_TOKEN_URL: standIn.tokenUrl,
    YOUTUBE_API_URL: standIn.apiUrl,
  });
  bare = await startTestService();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await bare?.stop();
  await standIn?.close();
});

const liveState = async (page: Page) =>
  ((await page.getByTestId('youtube-live-state').textContent()) ?? '').replace(/\s+/g, ' ').trim();

it('says what to set while YouTube is not configured', async () => {
  const page = await newPage(browser);
  await logIn(page, bare.service.url, '/youtube');
  const setup = page.getByTestId('youtube-setup');
  await setup.waitFor();
  expect(await setup.locator('.vars').innerText()).toContain('YOUTUBE_CLIENT_ID');
  expect(await setup.innerText()).toContain('/auth/youtube/callback');
});

it('connects YouTube, reads the live chat, shows a quota pause and disconnects', async () => {
  const page = await newPage(browser);
  await logIn(page, base, '/youtube');
  standIn.consentAs(CHANNEL);
  await page.getByRole('link', { name: 'Connect YouTube' }).click();
  await page.waitForURL((url) => url.pathname === '/youtube');
  await page.getByText('Connected as').waitFor();
  expect(await page.getByTestId('youtube').innerText()).toContain('Browser Bea');

  const liveChatId = standIn.goLive(CHANNEL.channelId);
  await page.getByLabel('Read the live chat and answer commands').check();
  await expect.poll(() => liveState(page), { timeout: 15_000 }).toMatch(/^reading chat/);
  standIn.viewerSays(liveChatId, { displayName: 'Viewer Vee' }, '!fact');
  await standIn.waitForBotMessage(liveChatId, () => true, 15_000);
  await expect.poll(() => liveState(page), { timeout: 15_000 }).toMatch(/every 1 s/);
  await screenshot(page, 'youtube');

  standIn.failWith('quotaExceeded');
  await expect
    .poll(() => liveState(page), { timeout: 20_000 })
    .toMatch(/^paused: YouTube API quota used up · reading resumes at/);
  expect(await liveState(page)).toContain('midnight Pacific');
  await screenshot(page, 'youtube-quota');
  standIn.failWith(null);

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('link', { name: 'Connect YouTube' }).waitFor();
});
