// The browser side of discord-bot's web UI tests: the shared chromium helpers
// (tools/test-env/web-browser.ts) bound to its built UI; screenshots are named
// discord-*.png, and a signed-in page is known by its page navigation. Needs
// the built UI (npm test builds it).
import { webBrowser } from '../../tools/test-env/web-browser.ts';
import { WEB_ROOT } from '../src/service.ts';

export { SCREENSHOT_DIR, VIEWPORT } from '../../tools/test-env/web-browser.ts';

export const { launchBrowser, newPage, logIn, screenshot } = webBrowser({
  webRoot: WEB_ROOT,
  workspace: '@homelab/discord-bot',
  screenshotPrefix: 'discord-',
  signedIn: (page) => page.getByRole('navigation', { name: 'Pages', exact: true }),
});
