// The web UI with Twitch configured, in a real browser: "Log in with Twitch"
// through the Twitch stand-in's consent page, then the overview's bot card
// following the bot live (server-sent events) through connect, a dropped
// connection and its reconnect, and disconnect; chat read by the bot shows up
// in today's figures. Saves docs/screenshots/home.png with the bot connected.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { freePort } from '../../tools/test-env/ports.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import { twitchEnv } from './chat-setup.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, newPage, screenshot } from './web-browser.ts';

const STREAMER = { login: 'streamer_one', userId: '4242', displayName: 'Streamer_One' };

let standIn: TwitchStandIn;
let svc: TestService;
let browser: Browser;
let base: string;

beforeAll(async () => {
  standIn = await startTwitchStandIn();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    ...twitchEnv(standIn),
    PORT: String(port),
    PUBLIC_URL: base,
  });
  standIn.consentAs(STREAMER);
  browser = await launchBrowser();
  return async () => {
    await browser.close();
    await svc.stop();
    await standIn.close();
  };
});
afterAll(() => vi.unstubAllEnvs());

const botState = async (page: Page) =>
  ((await page.getByTestId('bot-status').locator('.bot-state').textContent()) ?? '')
    .replace(/\s+/g, ' ')
    .trim();

it('logs in with Twitch and follows the bot live from the overview', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/`);
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByRole('link', { name: 'Log in with Twitch' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  expect(await page.locator('.whoami').innerText()).toContain('Streamer_One');

  const card = page.getByTestId('bot-status');
  await card.getByText('live', { exact: true }).waitFor();
  await card.getByRole('button', { name: 'Connect' }).click();
  await expect
    .poll(() => botState(page), { timeout: 15_000 })
    .toMatch(/^connected as streamer_one/);
  expect(await card.locator('.chip').allInnerTexts()).toEqual(['#streamer_one']);

  // The server drops the bot: the card says so without a reload, then shows it back.
  standIn.refuseConnections(true);
  standIn.dropConnections();
  await expect.poll(() => botState(page), { timeout: 15_000 }).toMatch(/^reconnecting/);
  standIn.refuseConnections(false);
  await expect.poll(() => botState(page), { timeout: 30_000 }).toMatch(/^connected/);
  expect(await card.innerText()).toContain('Reconnected once');

  // A little chat, read by the bot, appears in today's figures (the bot's own reply is chat too).
  const lines = ['hi all', 'good morning', '!fact', 'lol', 'gg'];
  lines.forEach((text, i) =>
    standIn.viewerSays('streamer_one', { login: `viewer_${i % 3}`, text }),
  );
  await standIn.waitForBotMessage('streamer_one', () => true);
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.locator('.figures dd').first().innerText();
      },
      { timeout: 15_000 },
    )
    .toBe(String(lines.length + standIn.botMessages('streamer_one').length));
  await expect.poll(() => botState(page)).toMatch(/^connected/);
  await screenshot(page, 'home');

  await card.getByRole('button', { name: 'Disconnect' }).click();
  await expect.poll(() => botState(page)).toMatch(/^off/);
});
