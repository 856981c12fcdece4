// The browser side of stream-bot's web UI tests: the shared chromium helpers
// (tools/test-env/web-browser.ts) bound to its built UI and its test account.
// Needs the built UI (npm test builds it).
import type { Page } from 'playwright-core';
import { webBrowser } from '../../tools/test-env/web-browser.ts';
import { WEB_ROOT } from '../src/service.ts';
import { TEST_PASSWORD, TEST_USERNAME } from './harness.ts';

export { SCREENSHOT_DIR, VIEWPORT } from '../../tools/test-env/web-browser.ts';

const browser = webBrowser({ webRoot: WEB_ROOT, workspace: '@homelab/stream-bot' });

export const { launchBrowser, newPage, screenshot } = browser;

/** Opens `to`, logs in with the test account on the login page it lands on, and waits to be back. */
export function logIn(page: Page, baseUrl: string, to = '/'): Promise<void> {
  return browser.logIn(page, baseUrl, { username: TEST_USERNAME, password: TEST_PASSWORD }, to);
}
