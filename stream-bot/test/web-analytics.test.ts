// The analytics page in a real browser: chat of a few days (through the chat
// log's recorder, as if the bot had read it, into channels set through the
// API) shows up as daily bars, top chatters, command usage, a session's
// per-minute series and a searchable chat log. Saves docs/screenshots/analytics.png.
import type { Browser } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import type { IncomingChatMessage } from '../src/chat/types.ts';
import { burst, expected, utcDayStart } from './analytics-data.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

const HOUR = 3_600_000;

let svc: TestService;
let browser: Browser;
let past: IncomingChatMessage[];
let live: IncomingChatMessage[];

beforeAll(async () => {
  svc = await startTestService();
  browser = await launchBrowser();

  const saved = await svc.put('/api/bot/config', { channels: ['alpha', 'beta'] });
  expect(saved.status, await saved.clone().text()).toBe(200);
  const me = (await (await svc.get('/api/auth/me')).json()) as { user: { id: string } };
  const now = new Date();
  const day = (back: number, hour: number) =>
    new Date(utcDayStart(now, back).getTime() + hour * HOUR);
  past = [
    ...burst(
      me.user.id,
      { channel: 'alpha', from: day(5, 18), minutes: 90, messages: 400, chatters: 40 },
      1,
    ),
    ...burst(
      me.user.id,
      {
        channel: 'alpha',
        from: day(3, 19),
        minutes: 120,
        messages: 900,
        chatters: 70,
        firstChatter: 20,
      },
      2,
    ),
    ...burst(
      me.user.id,
      {
        channel: 'beta',
        from: day(2, 17),
        minutes: 60,
        messages: 300,
        chatters: 30,
        firstChatter: 60,
      },
      3,
    ),
    ...burst(
      me.user.id,
      {
        channel: 'alpha',
        from: day(1, 20),
        minutes: 100,
        messages: 700,
        chatters: 60,
        firstChatter: 40,
      },
      4,
    ),
  ];
  live = burst(
    me.user.id,
    {
      channel: 'alpha',
      from: new Date(now.getTime() - 40 * 60_000),
      minutes: 35,
      messages: 500,
      chatters: 45,
      firstChatter: 90,
    },
    5,
  );
  const { recorder, job } = svc.service.chatLog;
  for (const m of [...past, ...live]) recorder.listener(m);
  await recorder.flush();
  await job.run();

  return async () => {
    await browser.close();
    await svc.stop();
  };
});

it('charts the chat per day and per session and finds messages in the chat log', async () => {
  const page = await newPage(browser);
  await logIn(page, svc.service.url, '/analytics');

  // One bar per day of the period; the busiest day's bar says its count.
  const perDay = page.getByRole('img', { name: /^Messages per day/ });
  await perDay.waitFor();
  await expect.poll(() => perDay.locator('rect.bar').count()).toBe(14);
  const titles = await perDay.locator('rect.bar title').allTextContents();
  expect(titles.some((t) => t.endsWith(': 900'))).toBe(true);

  const everything = expected([...past, ...live]);
  const top = page.getByRole('list', { name: 'Top chatters' }).first();
  await top.locator('li').first().waitFor();
  const rows = await top.locator('li').evaluateAll((lis) =>
    lis.map((li) => ({
      login: li.querySelector('.rank-label')?.textContent,
      messages: Number(li.querySelector('.rank-value')?.textContent?.replace(/\D/g, '')),
    })),
  );
  expect(rows).toEqual(everything.topChatters.slice(0, 10));
  const usage = await page.getByRole('list', { name: 'Command usage' }).first().innerText();
  expect(usage).toMatch(new RegExp(`!fact\\s+${everything.commandUsage.fact}\\b`));
  const totals = page.getByRole('definition').first();
  expect(await totals.innerText()).toBe(everything.messages.toLocaleString('en-US'));

  // The newest session (the live one) is picked, with its minute-by-minute series.
  const detail = page.getByTestId('session-detail');
  await detail.waitFor();
  expect(await page.getByLabel('Session').locator('option:checked').innerText()).toContain('live');
  expect(await detail.getByRole('img', { name: 'Messages per minute' }).count()).toBe(1);
  expect(await detail.locator('.figures').innerText()).toContain(String(live.length));

  await page.getByLabel('Search chat').fill('needle');
  await page.getByRole('button', { name: 'Search' }).click();
  const needles = [...past, ...live].filter((m) => m.text.includes('needle'));
  await expect
    .poll(() => page.getByTestId('chatlog').locator('li').count())
    .toBe(Math.min(50, needles.length));
  await page.getByLabel('Search chat').fill('');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect.poll(() => page.getByTestId('chatlog').locator('li').count()).toBe(50);
  await screenshot(page, 'analytics');
});
