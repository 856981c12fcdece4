// The Plex page in a real browser (Debian's chromium, headless) against the
// real dashboard and the Plex stand-in: the setup, files waiting with their
// Plex names, an import with its progress and result, and the history with a
// failed (conflicting) file. Saves a screenshot (docs/screenshots/ with SCREENSHOTS=docs).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { startPlexStandIn, type PlexStandIn } from '../../tools/test-env/plex-stand-in.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

let svc: TestService;
let plex: PlexStandIn;
let browser: Browser;
let page: Page;
let base: string;

async function put(rel: string, content: string) {
  const file = path.join(base, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'plex-web-'));
  await put(
    'incoming/The.Matrix.1999.1080p.BluRay.x264-GRP/The.Matrix.1999.1080p.BluRay.x264-GRP.mkv',
    'matrix',
  );
  await put(
    'incoming/The.Matrix.1999.1080p.BluRay.x264-GRP/The.Matrix.1999.1080p.BluRay.x264-GRP.en.srt',
    'sub',
  );
  await put('incoming/Breaking.Bad.S01E02.720p.HDTV.x264-CTU.mkv', 'bb');
  await put('incoming/Heat.1995.2160p.mkv', 'new heat');
  await put('incoming/holiday-video.mp4', 'mine');
  await put('Movies/Heat (1995)/Heat (1995).mkv', 'the heat already there');
  await mkdir(path.join(base, 'TV'), { recursive: true });
  plex = await startPlexStandIn({
    sections: [
      { key: '1', type: 'movie', title: 'Movies', locations: [path.join(base, 'Movies')] },
      { key: '2', type: 'show', title: 'TV Shows', locations: [path.join(base, 'TV')] },
    ],
  });
  svc = await startTestService({
    PLEX_URL: plex.url,
    PLEX_TOKEN: plex.token,
    PLEX_IMPORT_DIR: path.join(base, 'incoming'),
    PLEX_MOVIES_DIR: path.join(base, 'Movies'),
    PLEX_TV_DIR: path.join(base, 'TV'),
  });
  browser = await launchBrowser();
  page = await newPage(browser);
  return async () => {
    await browser.close();
    await svc.stop();
    await plex.close();
    await rm(base, { recursive: true, force: true });
  };
});

it('shows the waiting files with their Plex names, imports them with progress, and lists the run', async () => {
  await logIn(page, svc.service.url, '/plex');
  await page.getByRole('heading', { name: 'Plex import' }).waitFor();
  const waiting = page.getByRole('table', { name: 'Files waiting to be imported' });
  await expect
    .poll(() => waiting.innerText())
    .toContain(path.join(base, 'Movies/The Matrix (1999)/The Matrix (1999).mkv'));
  expect(await waiting.innerText()).toContain(
    path.join(base, 'TV/Breaking Bad/Season 01/Breaking Bad - S01E02.mkv'),
  );
  expect(await waiting.innerText()).toContain('another file there');
  expect(await page.getByText('1 file left alone').count()).toBe(1);
  await expect.poll(() => page.getByText('reachable').first().innerText()).toMatch(/reachable/);
  await screenshot(page, 'dashboard-plex');

  await page.getByRole('button', { name: 'Move' }).click();
  await page.getByRole('button', { name: /Move 4 files into Plex/ }).click();
  const result = page.getByText(/3 imported, 0 already in the library, 1 failed/);
  await result.waitFor({ timeout: 30_000 });
  expect(await page.getByRole('status').innerText()).toMatch(
    /Plex was asked to scan (Movies, TV Shows|TV Shows, Movies)\./,
  );

  await page.getByRole('button', { name: /move · 3 imported/ }).click();
  await expect
    .poll(() => page.getByText(/conflict: a different file already exists/).count())
    .toBe(1);
  await screenshot(page, 'dashboard-plex-imported');
  expect(plex.refreshes.map((r) => r.sectionKey).sort()).toEqual(['1', '2']);
});
