// The web UI's pages in a real browser (Debian's chromium, headless): the login
// page and what it says to configure, logging in and out, a 401 sending the
// user back to the login page, the overview, the commands editor and the
// settings. Saves a screenshot of each page under docs/screenshots/.
import type { Browser } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { startTestService, TEST_PASSWORD, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

let svc: TestService;
let browser: Browser;

beforeAll(async () => {
  svc = await startTestService();
  browser = await launchBrowser();
  return async () => {
    await browser.close();
    await svc.stop();
  };
});

it('sends a visitor to the login page, which says what Twitch login needs', async () => {
  const page = await newPage(browser);
  await page.goto(`${svc.service.url}/commands`);
  await page.waitForURL((url) => url.pathname === '/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/commands');

  const setup = page.getByTestId('twitch-setup');
  await setup.waitFor();
  const text = await setup.innerText();
  for (const name of ['TWITCH_CLIENT_ID', 'TWITCH_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY']) {
    expect(text).toContain(name);
  }
  expect(text).toContain(`${svc.service.url}/auth/twitch/callback`);
  expect(await setup.getByRole('link', { name: /dev\.twitch\.tv/ }).getAttribute('href')).toBe(
    'https://dev.twitch.tv/console/apps',
  );
  await screenshot(page, 'login');
});

it('shows a wrong password next to the form and logs in with the right one', async () => {
  const page = await newPage(browser);
  await page.goto(`${svc.service.url}/login?next=/settings`);
  await page.getByLabel('Password').fill(`${TEST_PASSWORD}-wrong`);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect
    .poll(() => page.getByRole('alert').innerText())
    .toContain('wrong user name or password');

  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/settings');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.goto(`${svc.service.url}/timers`);
  await page.waitForURL((url) => url.pathname === '/login');
});

it('goes back to the login page when the session ends while a page is open', async () => {
  const page = await newPage(browser);
  await logIn(page, svc.service.url, '/trigger');
  await page.context().clearCookies();
  await page.getByRole('button', { name: 'Generate Preview' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/trigger');
});

it('shows the overview with the bot status and the newest fact', async () => {
  const page = await newPage(browser);
  await logIn(page, svc.service.url, '/trigger');
  await page.getByRole('button', { name: 'Generate Preview' }).click();
  const fact = await page.getByTestId('preview').locator('blockquote').innerText();
  await page.getByRole('link', { name: 'Overview' }).click();
  await expect.poll(() => page.locator('.fact blockquote').first().innerText()).toBe(fact);
  const bot = page.getByTestId('bot-status');
  await bot.locator('.bot-state').waitFor();
  // The local account cannot chat: the page says to log in with Twitch.
  expect(await bot.innerText()).toMatch(/not configured/);
  await page.getByRole('link', { name: 'Facts' }).click();
  await page.getByRole('button', { name: 'Generate Preview' }).click();
  await page.getByTestId('preview').locator('.notice').waitFor();
  await screenshot(page, 'trigger');
});

it('adds a command in the editor, lists it, and tries it', async () => {
  const page = await newPage(browser);
  await logIn(page, svc.service.url, '/commands');
  await page.getByRole('button', { name: 'Add command' }).click();
  const form = page.getByRole('form', { name: 'New command' });
  await form.getByLabel('Name').fill('Fact');
  await form.getByLabel('Response').fill('Hi {user}, this is number {count}');
  await form.getByRole('button', { name: 'Add command' }).click();
  // A built-in name is refused with the service's reason, next to the form.
  await expect.poll(() => form.getByRole('alert').innerText()).toContain('built-in command');

  await form.getByLabel('Name').fill('!Hello');
  await form.getByLabel('Who may use it').selectOption('subscriber');
  await form.getByLabel('Cooldown (s, per viewer)').fill('30');
  await form.getByRole('button', { name: 'Add command' }).click();
  const row = page.getByTestId('commands').locator('tr', { hasText: '!hello' });
  await row.waitFor();
  expect(await row.innerText()).toContain('Subscribers');
  expect(await row.innerText()).toContain('30s/viewer');
  const listed = (await (await svc.get('/api/bot/commands')).json()) as {
    commands: { name: string; permission: string }[];
  };
  expect(listed.commands).toMatchObject([{ name: 'hello', permission: 'subscriber' }]);

  await page.getByLabel('Chat line').fill('!hello');
  await page.getByLabel('As viewer (optional)').fill('viewer1');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect.poll(() => page.getByTestId('try-result').innerText()).toMatch(/refused/i);
  await page.getByLabel('Role').selectOption('subscriber');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect
    .poll(() => page.getByTestId('try-result').innerText())
    .toContain('Hi viewer1, this is number 1');
  // The list follows the run: the use count went up.
  await expect.poll(() => row.locator('td[data-label="Uses"]').innerText()).toBe('1');
  await screenshot(page, 'commands');

  await row.getByRole('button', { name: 'Edit hello' }).click();
  const edit = page.getByRole('form', { name: 'Edit !hello' });
  await edit.getByLabel('Response').fill('Welcome, {touser}!');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => row.locator('td.response').innerText()).toBe('Welcome, {touser}!');

  await page.getByRole('checkbox', { name: /!uptime/ }).uncheck();
  await expect
    .poll(async () => {
      const body = (await (await svc.get('/api/bot/config')).json()) as {
        config: { builtinCommands: Record<string, boolean> };
      };
      return body.config.builtinCommands;
    })
    .toEqual({ fact: true, commands: true, uptime: false, song: true, sr: true, skip: true });

  page.on('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Delete hello' }).click();
  await page.getByText('No custom commands yet.').waitFor();
  expect(await (await svc.get('/api/bot/commands')).json()).toEqual({ commands: [] });
});

it('adds, edits and deletes a timer', async () => {
  const page = await newPage(browser);
  page.on('dialog', (dialog) => void dialog.accept());
  await logIn(page, svc.service.url, '/timers');
  await page.getByRole('button', { name: 'Add timer' }).click();
  const form = page.getByRole('form', { name: 'New timer' });
  await form.getByLabel('Name').fill('socials');
  await form.getByLabel('Message').fill('Follow us on Bluesky!');
  await form.getByLabel('Every (minutes)').fill('0');
  await form.getByRole('button', { name: 'Add timer' }).click();
  // The field's own check (at least 1 minute) stops the form before anything is sent.
  await expect
    .poll(() =>
      form.evaluate((f) => (f as unknown as { checkValidity(): boolean }).checkValidity()),
    )
    .toBe(false);
  await form.getByLabel('Every (minutes)').fill('20');
  await form.getByRole('button', { name: 'Add timer' }).click();
  const item = page.getByTestId('timers').locator('li', { hasText: 'socials' });
  await item.waitFor();
  expect(await item.innerText()).toContain('every 20 min');

  await item.getByRole('button', { name: 'Edit timer socials' }).click();
  const edit = page.getByRole('form', { name: 'Edit timer socials' });
  await edit.getByLabel('Min. chat lines between posts').fill('12');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => item.innerText()).toContain('after 12 chat lines');
  const listed = (await (await svc.get('/api/bot/timers')).json()) as {
    timers: { name: string; intervalMinutes: number; minChatLines: number }[];
  };
  expect(listed.timers).toMatchObject([{ name: 'socials', intervalMinutes: 20, minChatLines: 12 }]);

  await item.getByRole('button', { name: 'Delete timer socials' }).click();
  await page.getByText('No timers yet.').waitFor();
});

it('saves channels and the personality model in the settings', async () => {
  const page = await newPage(browser);
  await logIn(page, svc.service.url, '/settings');
  const chat = page.getByRole('form', { name: 'Chat settings' });
  await chat.getByLabel('Add to Channels').fill('#SomeStreamer');
  await chat.getByLabel('Add to Channels').press('Enter');
  await chat.getByRole('button', { name: 'Save' }).click();
  await chat.getByRole('status').waitFor();

  const personality = page.getByRole('form', { name: 'Personality settings' });
  // Without a model the page says the bot will not answer mentions, and what to set.
  expect(await personality.getByTestId('ai-notice').innerText()).toContain('OPENAI_API_KEY');
  await personality.getByLabel('#somestreamer').check();
  await personality.getByRole('combobox', { name: /^Model/ }).selectOption('gpt-4o-mini');
  await personality.getByRole('button', { name: 'Save' }).click();
  await personality.getByRole('status').waitFor();

  const { config: settings } = (await (await svc.get('/api/bot/config')).json()) as {
    config: { channels: string[]; personality: { enabledChannels: string[]; model: string } };
  };
  expect(settings.channels).toContain('somestreamer');
  expect(settings.personality).toMatchObject({
    enabledChannels: ['somestreamer'],
    model: 'gpt-4o-mini',
  });
  await page.reload();
  await page.getByRole('form', { name: 'Chat settings' }).getByText('somestreamer').waitFor();
  await screenshot(page, 'settings');
});
