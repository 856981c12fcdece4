// The jobs page in a real browser (Debian's chromium, headless) against the real
// dashboard: the list with status, attempts and errors, progress that another
// dashboard instance broadcasts arriving live, and a cancel. Saves a screenshot
// (docs/screenshots/ with SCREENSHOTS=docs). The rows are written straight into
// the database (no queue message), so no handler runs them.
import { randomUUID } from 'node:crypto';
import { closeBus } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import type { JobUpdate } from '../src/jobs/types.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

let svc: TestService;
let browser: Browser;
let page: Page;
let db: pg.Client;
let other: NatsConnection;
const ids = {
  queued: randomUUID(),
  running: randomUUID(),
  failed: randomUUID(),
  done: randomUUID(),
};

beforeAll(async () => {
  svc = await startTestService();
  db = new pg.Client({ connectionString: svc.database?.url });
  await db.connect();
  const add = (id: string, kind: string, status: string, extra: Record<string, unknown>) =>
    db.query(
      `INSERT INTO jobs (id, kind, status, payload, requested_by, created_at, updated_at, attempts,
         error, progress_percent, progress_message)
       VALUES ($1, $2, $3, '{}', 'admin', now() - make_interval(mins => $4), now(), $5, $6, $7, $8)`,
      [
        id,
        kind,
        status,
        extra.ago ?? 1,
        extra.attempts ?? 0,
        extra.error ?? null,
        extra.percent ?? null,
        extra.message ?? null,
      ],
    );
  await add(ids.queued, 'ai-analysis', 'queued', { ago: 1 });
  await add(ids.running, 'plex-import', 'running', {
    ago: 2,
    attempts: 1,
    percent: 10,
    message: 'scanning the import folder',
  });
  await add(ids.failed, 'deployment', 'failed', {
    ago: 5,
    attempts: 3,
    error: 'image localhost/app:2 not found (after 3 attempts)',
  });
  await add(ids.done, 'ai-analysis', 'succeeded', {
    ago: 9,
    attempts: 1,
    percent: 100,
    message: 'analysis stored',
  });
  other = await connectAs('dashboard');
  browser = await launchBrowser();
  page = await newPage(browser);
  return async () => {
    await browser.close();
    await closeBus(other);
    await db.end();
    await svc.stop();
  };
});

it('lists the jobs with their status, attempts and errors', async () => {
  await logIn(page, svc.service.url, '/jobs');
  await expect.poll(() => page.getByRole('status').first().innerText()).toBe('live');
  const failed = page.getByTestId(`job-${ids.failed}`);
  await expect.poll(() => failed.innerText()).toMatch(/Deployment[\s\S]*failed[\s\S]*not found/);
  expect(await failed.innerText()).toMatch(/3 \/ 3/);
  expect(await failed.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  expect(
    await page.getByTestId(`job-${ids.queued}`).getByRole('button', { name: 'Cancel' }).count(),
  ).toBe(1);
});

it('shows progress another instance broadcasts as it comes', async () => {
  const update: JobUpdate = {
    id: ids.running,
    kind: 'plex-import',
    status: 'running',
    attempts: 1,
    maxAttempts: 3,
    progressPercent: 60,
    progressMessage: 'copied 3 of 5 files',
    error: null,
    updatedAt: new Date().toISOString(),
  };
  other.publish(`dashboard.job.update.${ids.running}`, JSON.stringify(update));
  const row = page.getByTestId(`job-${ids.running}`);
  await expect
    .poll(() => row.innerText(), { timeout: 10_000 })
    .toMatch(/60 %[\s\S]*copied 3 of 5 files/);
});

it('cancels a queued job', async () => {
  const row = page.getByTestId(`job-${ids.queued}`);
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => row.innerText(), { timeout: 10_000 }).toMatch(/cancelled/);
  const stored = await db.query('SELECT status FROM jobs WHERE id = $1', [ids.queued]);
  expect(stored.rows[0]?.status).toBe('cancelled');
  await screenshot(page, 'dashboard-jobs');
});
