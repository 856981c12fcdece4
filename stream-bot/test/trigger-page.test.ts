// The /trigger page in a real browser (Debian's chromium, headless, driven by
// playwright-core): after logging in, Generate Preview shows a new fact and
// says where it came from, and the facts browser finds it. Needs the built UI
// (npm test builds it).
import type { Browser } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { BUILTIN_FACTS } from '../src/domain/builtin-facts.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage } from './web-browser.ts';

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

it('shows a generated fact, marked as built-in, and finds it in the facts browser', async () => {
  const page = await newPage(browser);
  await logIn(page, svc.service.url, '/trigger');
  await page.getByRole('button', { name: 'Generate Preview' }).click();

  const preview = page.getByTestId('preview');
  await preview.locator('blockquote').waitFor();
  const text = await preview.locator('blockquote').innerText();
  expect(BUILTIN_FACTS).toContain(text);
  expect(await preview.innerText()).toContain('built-in collection');
  expect(await preview.locator('.notice').innerText()).toContain('OPENAI_API_KEY');

  const word = text.split(' ').find((w) => w.length > 5) ?? text;
  await page.getByLabel('Search facts').fill(word.toUpperCase());
  await page.getByRole('button', { name: 'Search' }).click();
  await expect.poll(() => page.locator('ul.facts blockquote').allInnerTexts()).toEqual([text]);
});
