// The browser side of discord-bot's web UI tests: Debian's chromium, headless,
// driven by playwright-core, logging in through the UI's own form when the
// service asks for a login. Needs the built UI (npm test builds it).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/lib/binaries.mjs';
import { WEB_ROOT } from '../src/service.ts';

/**
 * Where screenshots go: docs/screenshots/discord-*.png with SCREENSHOTS=docs, else a
 * scratch folder, so a test run leaves the working tree as it found it.
 */
export const SCREENSHOT_DIR =
  process.env.SCREENSHOTS === 'docs'
    ? path.resolve(import.meta.dirname, '../../docs/screenshots')
    : path.join(os.tmpdir(), 'homelab-screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('web/dist is missing: run npm run build:web -w @homelab/discord-bot');
  }
  return chromium.launch({
    executablePath: findChromium() ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

/** A fresh page (own cookies) the size of the screenshots, in light mode. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/**
 * Opens `to`; when the service sends the visitor to the login page, logs in there with the
 * local account, and waits until the app shows `to` to a logged-in user.
 */
export async function logIn(
  page: Page,
  baseUrl: string,
  account: { username: string; password: string },
  to = '/',
): Promise<void> {
  await page.goto(baseUrl + to);
  const nav = page.getByRole('navigation', { name: 'Pages', exact: true });
  const password = page.getByLabel('Password');
  await nav.or(password).first().waitFor();
  if (await password.isVisible()) {
    await page.getByLabel('Username').fill(account.username);
    await password.fill(account.password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
  }
  await nav.waitFor();
  await page.waitForURL((url) => url.pathname === to.split('?')[0]);
}

/** Saves what the page shows as <SCREENSHOT_DIR>/discord-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS === '0') return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `discord-${name}.png`),
    fullPage: process.env.FULL_SCREENSHOTS === '1',
  });
}
