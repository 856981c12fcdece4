// The dashboard's web UI in a real browser (Debian's chromium, headless): the
// login form (a wrong password first), the overview changing live when a
// stand-in stream-bot publishes fact.created, and every other page. Saves a
// screenshot of each page (docs/screenshots/ with SCREENSHOTS=docs).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import { startTestService, TEST_PASSWORD, type TestService } from './harness.ts';
import { GUILD_ID, standInDiscord } from './stand-in-discord.ts';
import { standInStreambot, type StandInFact } from './stand-in-streambot.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

let svc: TestService;
let streambot: Awaited<ReturnType<typeof standInStreambot>>;
let discord: Awaited<ReturnType<typeof standInDiscord>>;
let claimedTicket: string;
const noEngine = path.join(os.tmpdir(), `no-docker-${randomUUID()}.sock`);
let browser: Browser;
let page: Page;

function fact(text: string, secondsAgo = 0): StandInFact {
  return {
    factId: randomUUID(),
    text,
    source: 'ai',
    model: 'gpt-test',
    createdAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  };
}

beforeAll(async () => {
  streambot = await standInStreambot(() => connectAs('streambot'));
  streambot.setFacts([fact('Honey never spoils.', 300)]);
  await streambot.answer();
  discord = await standInDiscord(() => connectAs('discord'));
  await discord.answer();
  await discord.joinGuild(GUILD_ID, 'Homelab Friends', 342);
  await discord.openTicket('Plex is buffering', new Date(Date.now() - 3_600_000).toISOString());
  claimedTicket = (await discord.openTicket('Cannot join the voice channel')).ticketId;
  await discord.claimTicket(claimedTicket);
  await discord.moderate('timeout', 'posting invite links');
  svc = await startTestService({
    // No engine here: the containers page must say so (and how to fix it).
    DOCKER_SOCKET: noEngine,
  });
  await svc.service.probeHealth();
  browser = await launchBrowser();
  page = await newPage(browser);
  return async () => {
    await browser.close();
    await svc.stop();
    await streambot.close();
    await discord.close();
  };
});

it('sends a visitor to the login page and shows a wrong password there', async () => {
  await page.goto(`${svc.service.url}/facts`);
  await page.waitForURL((url) => url.pathname === '/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe('/facts');

  await page.getByLabel('Password').fill(`${TEST_PASSWORD}-wrong`);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect
    .poll(() => page.getByRole('alert').innerText())
    .toMatch(/wrong user name or password/);
  await screenshot(page, 'dashboard-login');

  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === '/facts');
  await page.getByRole('button', { name: 'Log out' }).waitFor();
});

it('shows the overview and changes it live when stream-bot publishes a fact', async () => {
  await page.getByRole('link', { name: 'Overview' }).click();
  const latest = page.getByTestId('latest-fact');
  await expect.poll(() => latest.locator('blockquote').innerText()).toBe('Honey never spoils.');
  await page.getByTestId('tile-dashboard').waitFor();
  await expect.poll(() => page.getByText('feed live').count()).toBe(1);

  // Marks this document, so a reload would show (a new document has no mark).
  await page.evaluate('window.stayed = true');
  await streambot.publishFact(fact('A group of flamingos is called a flamboyance.'));
  await expect
    .poll(() => latest.locator('blockquote').innerText())
    .toBe('A group of flamingos is called a flamboyance.');
  await expect.poll(() => page.getByTestId('tile-streambot').innerText()).toContain('fact.created');
  // Still the same document: the page changed without a reload.
  expect(await page.evaluate('window.stayed')).toBe(true);
});

it("shows discord-bot's tickets and guilds, marked stale once it stops answering", async () => {
  const tickets = page.getByTestId('tickets');
  await expect.poll(() => tickets.innerText()).toContain('Plex is buffering');
  expect(await tickets.locator('.figures').innerText()).toMatch(/Open\s+2\s+Unclaimed\s+1/);
  await expect.poll(() => page.getByTestId('discord').innerText()).toContain('Homelab Friends');
  expect(await page.getByTestId('discord').innerText()).toContain('posting invite links');

  // Only discord-bot knows a reopened ticket's view; silent, its copy turns stale.
  await discord.silence();
  await discord.reopenTicket(claimedTicket);
  await expect
    .poll(() => tickets.getByTestId('stale').innerText(), { timeout: 30_000 })
    .toMatch(/^stale · \d+ s old/);
  await screenshot(page, 'dashboard-overview');
});

it('lists stream-bot facts read-only on the facts page', async () => {
  await page.getByRole('link', { name: 'Facts', exact: true }).click();
  const facts = page.getByTestId('facts');
  await expect
    .poll(() => facts.locator('blockquote').allInnerTexts())
    .toEqual(['A group of flamingos is called a flamboyance.', 'Honey never spoils.']);
  expect(await facts.getByRole('button').count()).toBe(0);
  await screenshot(page, 'dashboard-facts');
});

it('streams events on the live feed page and filters them by service', async () => {
  await page.getByRole('link', { name: 'Live feed' }).click();
  const feed = page.getByTestId('feed');
  const facts = feed.locator('li[data-type="fact.created"]');
  await expect.poll(() => facts.count()).toBe(1);
  await feed.getByLabel('Service').selectOption('discord');
  await expect.poll(() => facts.count()).toBe(0);
  await feed.getByLabel('Service').selectOption('streambot');
  await expect.poll(() => facts.count()).toBe(1);
  await streambot.publishFact(fact('Bananas are berries.'));
  await expect.poll(() => facts.count()).toBe(2);
  // Every service again: discord-bot's and the dashboard's own events are back too.
  await feed.getByLabel('Service').selectOption('');
  await expect.poll(() => feed.locator('li[data-type^="ticket."]').count()).toBeGreaterThan(0);
  expect(await facts.count()).toBe(2);
  await screenshot(page, 'dashboard-feed');
});

it('says plainly on the containers page that no Docker engine is reachable', async () => {
  await page.getByRole('link', { name: 'Containers' }).click();
  const banner = page.getByTestId('engine-banner');
  await expect.poll(() => banner.innerText()).toContain('No Docker engine reachable');
  expect(await banner.innerText()).toContain(noEngine);
  await screenshot(page, 'dashboard-containers');
});

it('shows targets, services and the bus on the health page', async () => {
  await page.getByRole('link', { name: 'Health' }).click();
  await page.getByRole('table', { name: 'Health targets' }).waitFor();
  await expect
    .poll(() => page.getByRole('table', { name: 'Health targets' }).innerText())
    .toContain('service:dashboard');
  await page.getByTestId('history').waitFor();
  await screenshot(page, 'dashboard-health');
});

it('fits a narrow window without sideways scrolling', async () => {
  const narrow = await newPage(browser, { width: 390, height: 800 });
  await logIn(narrow, svc.service.url, '/');
  await narrow.getByTestId('latest-fact').locator('blockquote').waitFor();
  for (const to of ['/', '/feed', '/containers', '/health']) {
    await narrow.goto(svc.service.url + to);
    await narrow.locator('main h1').first().waitFor();
    const overflow = await narrow.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow, to).toBeLessThanOrEqual(0);
  }
  await narrow.context().close();
});

it('logs out and back to the login page', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.goto(`${svc.service.url}/health`);
  await page.waitForURL((url) => url.pathname === '/login');
});

it('says how long to wait after too many wrong passwords', async () => {
  // Another user name, so the lock-out does not reach the test account.
  await page.getByLabel('Username').fill('intruder');
  await page.getByLabel('Password').fill('not-the-password');
  const alert = page.getByRole('alert');
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page
      .getByRole('button', { name: 'Log in', exact: true })
      .and(page.locator(':enabled'))
      .waitFor();
    if (/too many/.test(await alert.innerText())) break;
  }
  expect(await alert.innerText()).toMatch(/too many failed logins.*try again in \d+ s/);
  expect(page.url()).toMatch(/\/login/);
});
