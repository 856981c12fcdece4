// The browser side of the web UI tests, for every service: Debian's chromium,
// headless, driven by playwright-core; fresh pages; logging in through the UI's
// own form; screenshots into docs/screenshots (SCREENSHOTS=docs) or a scratch
// folder. Each service's test/web-browser.ts binds it to its built UI.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/lib/binaries.mjs';

/**
 * Where screenshots go: docs/screenshots/ with SCREENSHOTS=docs (`npm run screenshots`), else a
 * scratch folder, so a test run leaves the working tree as it found it.
 */
export const SCREENSHOT_DIR =
  process.env.SCREENSHOTS === 'docs'
    ? path.resolve(import.meta.dirname, '../../docs/screenshots')
    : path.join(os.tmpdir(), 'homelab-screenshots');
export const VIEWPORT = { width: 1280, height: 800 };

export interface WebBrowserOptions {
  /** The service's built UI (its WEB_ROOT). */
  webRoot: string;
  /** The npm workspace, for the hint when the UI is not built, e.g. @homelab/stream-bot. */
  workspace: string;
  /** Put before every screenshot's name, e.g. 'discord-'. */
  screenshotPrefix?: string;
  /** What only a signed-in page shows; a 'Log out' button unless told otherwise. */
  signedIn?: (page: Page) => Locator;
}

export function webBrowser(options: WebBrowserOptions) {
  const signedIn =
    options.signedIn ?? ((page: Page) => page.getByRole('button', { name: 'Log out' }));

  return {
    async launchBrowser(): Promise<Browser> {
      if (!existsSync(path.join(options.webRoot, 'index.html'))) {
        throw new Error(`web/dist is missing: run npm run build:web -w ${options.workspace}`);
      }
      return chromium.launch({
        executablePath: findChromium() ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
        ],
      });
    },

    /** A fresh page (own cookies) of the given size (the screenshots' by default), in light mode. */
    async newPage(browser: Browser, viewport = VIEWPORT): Promise<Page> {
      const context = await browser.newContext({ viewport, colorScheme: 'light' });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },

    /**
     * Opens `to`; when the service shows its login form, logs in there with `account`; then
     * waits until the app shows `to` to a signed-in user.
     */
    async logIn(
      page: Page,
      baseUrl: string,
      account: { username: string; password: string },
      to = '/',
    ): Promise<void> {
      await page.goto(baseUrl + to);
      const password = page.getByLabel('Password');
      await signedIn(page).or(password).first().waitFor();
      if (await password.isVisible()) {
        await page.getByLabel('Username').fill(account.username);
        await password.fill(account.password);
        await page.getByRole('button', { name: 'Log in', exact: true }).click();
      }
      await signedIn(page).waitFor();
      await page.waitForURL((url) => url.pathname === to.split('?')[0]);
    },

    /** Saves what the page shows as <SCREENSHOT_DIR>/<prefix><name>.png. */
    async screenshot(page: Page, name: string): Promise<void> {
      if (process.env.SCREENSHOTS === '0') return;
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `${options.screenshotPrefix ?? ''}${name}.png`),
        fullPage: process.env.FULL_SCREENSHOTS === '1',
      });
    },
  };
}
