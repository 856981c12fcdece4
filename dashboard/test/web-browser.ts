// The browser side of the dashboard's web UI test: Debian's chromium, headless,
// driven by playwright-core, logging in through the UI's own form. Needs the
// built UI (npm run build:web -w dashboard; npm test builds it).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/lib/binaries.mjs';
import { WEB_ROOT } from '../src/service.ts';
import { TEST_PASSWORD, TEST_USERNAME } from './harness.ts';

/**
 * Where screenshots go: docs/screenshots/ with SCREENSHOTS=docs (`npm run screenshots`), else a
 * scratch folder, so a test run leaves the working tree as it found it.
 */
export const SCREENSHOT_DIR =
  process.env.SCREENSHOTS === 'docs'
    ? path.resolve(import.meta.dirname, '../../docs/screenshots')
    : path.join(os.tmpdir(), 'homelab-screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) {
    throw new Error('web/dist is missing: run npm run build:web -w @homelab/dashboard');
  }
  return chromium.launch({
    executablePath: findChromium() ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

/** A fresh page (own cookies) of the given size (the screenshots' by default), in light mode. */
export async function newPage(browser: Browser, viewport = VIEWPORT): Promise<Page> {
  const context = await browser.newContext({ viewport, colorScheme: 'light' });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

/** Opens `to`, logs in with the test account on the login page it lands on, and waits to be back. */
export async function logIn(page: Page, baseUrl: string, to = '/'): Promise<void> {
  await page.goto(baseUrl + to);
  await page.getByLabel('Username').fill(TEST_USERNAME);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.waitForURL((url) => url.pathname === to);
}

/** Saves what the page shows as <SCREENSHOT_DIR>/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS === '0') return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}.png`),
    fullPage: process.env.FULL_SCREENSHOTS === '1',
  });
}
