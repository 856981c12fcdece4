// The artifacts page in a real browser (Debian's chromium, headless) against the
// real dashboard and the OpenAI stand-in: upload through the file picker, the
// refusals it shows (too large, wrong type), an analysis followed until it is
// shown with its findings, and a delete after its confirmation. Saves a
// screenshot (docs/screenshots/ with SCREENSHOTS=docs).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

const MAX_BYTES = 256 * 1024;
const LOG = [
  '2026-11-28T12:00:01Z plex[1]: Starting Plex Media Server',
  '2026-11-28T12:00:04Z plex[1]: ERROR - database is locked (retry 1)',
  '2026-11-28T12:00:09Z plex[1]: ERROR - database is locked (retry 2)',
  '2026-11-28T12:00:15Z plex[1]: WARN - transcoder temp dir /transcode is almost full',
].join('\n');

let svc: TestService;
let openai: OpenAiStandIn;
let browser: Browser;
let page: Page;
let dir: string;

beforeAll(async () => {
  openai = await startOpenAiStandIn({ apiKey: 'sk-web-artifacts' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'web-artifacts-'));
  svc = await startTestService({
    ARTIFACTS_DIR: dir,
    ARTIFACT_MAX_BYTES: String(MAX_BYTES),
    OPENAI_API_KEY: 'sk-web-artifacts',
    OPENAI_BASE_URL: openai.baseUrl,
  });
  browser = await launchBrowser();
  page = await newPage(browser);
  return async () => {
    await browser.close();
    await svc.stop();
    await openai.close();
    await rm(dir, { recursive: true, force: true });
  };
});

const picker = () => page.getByLabel('Choose a file to upload');

it('uploads a file through the picker and lists it with its size and checksum', async () => {
  await logIn(page, svc.service.url, '/artifacts');
  await expect.poll(() => page.getByTestId('artifact-upload').innerText()).toMatch(/Up to 256 KiB/);
  await picker().setInputFiles({
    name: 'plex.log',
    mimeType: 'text/plain',
    buffer: Buffer.from(LOG),
  });
  const row = page.getByTestId('artifact-plex.log');
  await row.waitFor();
  const text = await row.innerText();
  expect(text).toContain('plex.log');
  expect(text).toContain(`${Buffer.byteLength(LOG)} B`);
  const { artifacts } = (await (await svc.get('/api/artifacts')).json()) as {
    artifacts: { sha256: string }[];
  };
  expect(text).toContain(artifacts[0]?.sha256.slice(0, 12));
  await expect
    .poll(() => page.getByRole('status').first().innerText())
    .toMatch(/plex.log uploaded/);
});

it('takes a file dropped onto the upload area', async () => {
  const zone = page.getByTestId('artifact-upload');
  // Written as the page's own script: this test's TypeScript has no DOM types.
  const transfer = await page.evaluateHandle(`(() => {
    const data = new DataTransfer();
    data.items.add(new File(['KEY=value\\n'], '.env', { type: 'text/plain' }));
    return data;
  })()`);
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  // A hidden file's leading dot is neutralised.
  const row = page.getByTestId('artifact-_.env');
  await row.waitFor();
  expect(await row.innerText()).toContain('sent as .env');
  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await row.waitFor({ state: 'detached' });
});

it('says why a file is refused: too large, or not a type that can be uploaded', async () => {
  await picker().setInputFiles({
    name: 'huge.log',
    mimeType: 'text/plain',
    buffer: Buffer.alloc(MAX_BYTES + 1, 0x61),
  });
  const alert = page.getByTestId('artifact-upload').getByRole('alert');
  await expect.poll(() => alert.innerText()).toMatch(/huge\.log is 256 KiB; the limit is 256 KiB/);
  await picker().setInputFiles({
    name: 'setup.exe',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('MZ\x90\x00'),
  });
  await expect
    .poll(() => alert.innerText())
    .toMatch(/"setup.exe" is not a type that can be uploaded/);
  expect((await readdir(dir)).length).toBe(1);
});

it('analyses a log and shows the summary and the findings by severity', async () => {
  openai.answer({
    content: JSON.stringify({
      summary: 'Plex cannot write to its database: it is locked, probably by a second instance.',
      findings: [
        {
          severity: 'warning',
          title: 'Transcoder space low',
          detail: '/transcode is almost full',
          likelyCause: null,
        },
        {
          severity: 'error',
          title: 'Database locked',
          detail: 'ERROR - database is locked (retry 2)',
          likelyCause: 'two Plex containers share one config volume',
        },
      ],
    }),
    delayMs: 800,
  });
  const row = page.getByTestId('artifact-plex.log');
  await row.getByRole('button', { name: 'Analyse' }).click();
  await expect.poll(() => row.innerText(), { timeout: 20_000 }).toMatch(/analysed/);
  const analysis = page.getByTestId('artifact-analysis');
  await expect.poll(() => analysis.innerText()).toMatch(/database: it is locked/);
  const items = await analysis.locator('li').allInnerTexts();
  expect(items[0]).toMatch(/^error\s+Database locked/);
  expect(items[0]).toMatch(/Likely cause: two Plex containers/);
  expect(items[1]).toMatch(/^warning\s+Transcoder space low/);
  await screenshot(page, 'dashboard-artifacts');
});

it('deletes a file only after the confirmation', async () => {
  const row = page.getByTestId('artifact-plex.log');
  await row.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((await readdir(dir)).length).toBe(1);
  await row.getByRole('button', { name: 'Delete' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await row.waitFor({ state: 'detached' });
  expect(await readdir(dir)).toEqual([]);
  await expect.poll(() => page.getByText('Nothing uploaded yet.').count()).toBe(1);
});
