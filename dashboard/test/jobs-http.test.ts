// /api/jobs on the running dashboard: the list and its filters, one job, cancel,
// the live updates over server-sent events (also those another instance
// broadcasts), and every bad input answered 400 without a change. The jobs are
// written straight into the service's database without a queue message, so no
// handler runs them; the queue itself is proven in jobs.test.ts.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBus } from '@homelab/nats';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import type { JobRecord, JobUpdate } from '../src/jobs/types.ts';
import { startTestService, type TestService } from './harness.ts';
import { openSse, type SseReader } from './sse.ts';

let svc: TestService;
let db: pg.Client;
const ids = { queued: randomUUID(), running: randomUUID(), done: randomUUID(), plex: randomUUID() };

async function insertJob(id: string, kind: string, status: string, minutesAgo: number) {
  await db.query(
    `INSERT INTO jobs (id, kind, status, payload, requested_by, created_at, updated_at, attempts)
     VALUES ($1, $2, $3, '{"test":true}', 'admin', now() - make_interval(mins => $4), now(), $5)`,
    [id, kind, status, minutesAgo, status === 'queued' ? 0 : 1],
  );
}

const rows = async () =>
  (await db.query('SELECT id, status, cancel_requested_at FROM jobs ORDER BY id')).rows;

beforeAll(async () => {
  svc = await startTestService();
  db = new pg.Client({ connectionString: svc.database?.url });
  await db.connect();
  await insertJob(ids.queued, 'ai-analysis', 'queued', 1);
  await insertJob(ids.running, 'deployment', 'running', 2);
  await insertJob(ids.done, 'ai-analysis', 'succeeded', 3);
  await insertJob(ids.plex, 'plex-import', 'failed', 4);
});
afterAll(async () => {
  await db?.end();
  await svc?.stop();
});

async function json<T>(res: Response, status = 200): Promise<T> {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return JSON.parse(body) as T;
}

async function events(query = ''): Promise<SseReader> {
  const stream = await openSse(`${svc.service.url}/api/jobs/events${query}`, {
    headers: { cookie: [...svc.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  expect(await stream.next()).toMatchObject({ event: 'ready' });
  return stream;
}

async function nextUpdate(stream: SseReader): Promise<JobUpdate> {
  const m = await stream.next();
  expect(m.event).toBeUndefined();
  return JSON.parse(m.data) as JobUpdate;
}

describe('/api/jobs', () => {
  it('lists jobs newest first, filtered by kind and status, limited', async () => {
    const all = await json<{ jobs: JobRecord[] }>(await svc.get('/api/jobs'));
    expect(all.jobs.map((j) => j.id)).toEqual([ids.queued, ids.running, ids.done, ids.plex]);
    const queued = await json<{ jobs: JobRecord[] }>(await svc.get('/api/jobs?status=queued'));
    expect(queued.jobs.map((j) => j.id)).toEqual([ids.queued]);
    const plex = await json<{ jobs: JobRecord[] }>(await svc.get('/api/jobs?kind=plex-import'));
    expect(plex.jobs).toMatchObject([{ id: ids.plex, status: 'failed', kind: 'plex-import' }]);
    const one = await json<{ jobs: JobRecord[] }>(
      await svc.get('/api/jobs?limit=1&kind=ai-analysis'),
    );
    expect(one.jobs.map((j) => j.id)).toEqual([ids.queued]);
  });

  it('answers bad filters and ids with 400 and a message saying what to send', async () => {
    const cases: [string, RegExp][] = [
      ['/api/jobs?status=done', /status.*expected a job status/],
      ['/api/jobs?kind=celery', /kind.*expected a job kind/],
      ['/api/jobs?limit=0', /limit/],
      ['/api/jobs?limit=many', /expected a number of jobs/],
      ['/api/jobs/not-a-job', /not a job id/],
      ['/api/jobs/events?id=..%2F..', /not a job id/],
    ];
    for (const [path, message] of cases) {
      const body = await json<{ error: { code: string; message: string } }>(
        await svc.get(path),
        400,
      );
      expect(body.error.code, path).toBe('invalid_input');
      expect(body.error.message, path).toMatch(message);
    }
    const before = await rows();
    const bad = await json<{ error: { code: string } }>(
      await svc.post('/api/jobs/x%20y/cancel'),
      400,
    );
    expect(bad.error.code).toBe('invalid_input');
    expect(await rows()).toEqual(before);
  });

  it('shows one job, and 404 for an unknown one', async () => {
    const job = await json<JobRecord>(await svc.get(`/api/jobs/${ids.running}`));
    expect(job).toMatchObject({
      id: ids.running,
      kind: 'deployment',
      status: 'running',
      payload: { test: true },
      attempts: 1,
      cancelRequested: false,
    });
    const missing = await json<{ error: { code: string } }>(
      await svc.get(`/api/jobs/${randomUUID()}`),
      404,
    );
    expect(missing.error.code).toBe('not_found');
  });

  it('needs a session', async () => {
    expect((await svc.anonymous('/api/jobs')).status).toBe(401);
    expect((await svc.anonymous(`/api/jobs/${ids.queued}/cancel`, { method: 'POST' })).status).toBe(
      401,
    );
    expect((await svc.anonymous('/api/jobs/events')).status).toBe(401);
  });

  it('cancels a queued job at once and a running one by request, and streams both changes', async () => {
    const stream = await events();
    try {
      const queued = await json<JobRecord>(await svc.post(`/api/jobs/${ids.queued}/cancel`));
      expect(queued).toMatchObject({ status: 'cancelled', cancelRequested: true });
      expect(await nextUpdate(stream)).toMatchObject({ id: ids.queued, status: 'cancelled' });

      // No instance runs it here: the request is recorded and broadcast to whichever does.
      const running = await json<JobRecord>(await svc.post(`/api/jobs/${ids.running}/cancel`));
      expect(running).toMatchObject({ status: 'running', cancelRequested: true });
      expect(await nextUpdate(stream)).toMatchObject({ id: ids.running, status: 'running' });

      const again = await json<{ error: { code: string; message: string } }>(
        await svc.post(`/api/jobs/${ids.done}/cancel`),
        409,
      );
      expect(again.error.message).toMatch(/succeeded already/);
      const twice = await json<{ error: { code: string } }>(
        await svc.post(`/api/jobs/${ids.queued}/cancel`),
        409,
      );
      expect(twice.error.code).toBe('conflict');
      const unknown = await svc.post(`/api/jobs/${randomUUID()}/cancel`);
      expect(unknown.status).toBe(404);
    } finally {
      await stream.close();
    }
  });

  it('streams the updates another dashboard instance broadcasts, for all jobs or one', async () => {
    const all = await events();
    const one = await events(`?id=${ids.plex}`);
    const other = await connectAs('dashboard');
    try {
      const update = (id: string, message: string): JobUpdate => ({
        id,
        kind: 'plex-import',
        status: 'running',
        attempts: 2,
        maxAttempts: 3,
        progressPercent: 40,
        progressMessage: message,
        error: null,
        updatedAt: new Date().toISOString(),
      });
      other.publish(
        `dashboard.job.update.${ids.done}`,
        JSON.stringify(update(ids.done, 'elsewhere')),
      );
      other.publish(
        `dashboard.job.update.${ids.plex}`,
        JSON.stringify(update(ids.plex, 'copying 2 of 5')),
      );
      expect(await nextUpdate(all)).toMatchObject({ id: ids.done, progressMessage: 'elsewhere' });
      expect(await nextUpdate(all)).toMatchObject({ id: ids.plex, progressPercent: 40 });
      expect(await nextUpdate(one)).toMatchObject({
        id: ids.plex,
        progressMessage: 'copying 2 of 5',
      });
    } finally {
      await closeBus(other);
      await all.close();
      await one.close();
    }
  });

  it('ends open event streams when the service stops', async () => {
    const own = await startTestService();
    const stream = await openSse(`${own.service.url}/api/jobs/events`, {
      headers: { cookie: [...own.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(await stream.next()).toMatchObject({ event: 'ready' });
    await own.stop();
    await expect(stream.next(5_000)).rejects.toThrow(/the event stream ended/);
  });
});
