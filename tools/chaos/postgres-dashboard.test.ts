// Chaos: PostgreSQL stops for ten seconds (pg_ctl stop -m immediate, as in a
// crash) under a running dashboard, with the dashboard's tests' stand-in
// stream-bot on the bus. Its API answers 503 saying the database is unavailable
// (promptly, not 500, no hang) on every route that needs the database. What
// needs none keeps working: the read-model routes answer from memory for a
// session the database confirmed before the stop (the session store honours it
// while the database is unreachable), an event stream opened before the stop
// goes on delivering stream-bot's events, and the health.summary query answers
// from memory. Uploads and health rounds tried meanwhile leave nothing
// half-written (no file without its row; every health change recorded with its
// event), jobs in flight finish after, and once the server is back the same
// requests work again without a restart.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { events, queries, type SubscribedEvent } from '@homelab/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../dashboard/test/harness.ts';
import { openSse, type SseReader } from '../../dashboard/test/sse.ts';
import { standInStreambot } from '../../dashboard/test/stand-in-streambot.ts';
import {
  connectAs,
  cookieHeader,
  eventually,
  watchEvents,
  type EventWatch,
} from '../test-env/service-harness.ts';
import {
  ANSWER_WITHIN_MS,
  OUTAGE_MS,
  PUBLISH_WITHIN_MS,
  RECOVER_WITHIN_MS,
  ask,
  askAll,
  expectDatabaseUnavailable,
  noPrivateCluster,
  queryProbe,
  startOutageCluster,
  untilAllSucceed,
  untilElapsed,
  watchProcessFailures,
  withServiceSql,
  type OutageCluster,
  type Probe,
} from './postgres-outage.ts';

let cluster: OutageCluster;
let streambot: Awaited<ReturnType<typeof standInStreambot>>;
let svc: TestService;
let watch: EventWatch;
let artifactsDir: string;
const seen: SubscribedEvent[] = [];
const process_ = watchProcessFailures();

const fact = (text: string) => ({
  factId: randomUUID(),
  text,
  source: 'manual' as const,
  createdAt: new Date().toISOString(),
});

beforeAll(async () => {
  if (noPrivateCluster) return;
  cluster = await startOutageCluster('dashboard_chaos', 'immediate');
  artifactsDir = await mkdtemp(path.join(os.tmpdir(), 'chaos-artifacts-'));
  streambot = await standInStreambot(() => connectAs('streambot'));
  streambot.setFacts([fact('Honey never spoils.')]);
  await streambot.answer();
  // Plex import on (without a Plex server: the scan is skipped): a job kind that runs locally.
  const plexIn = path.join(artifactsDir, '..', `${path.basename(artifactsDir)}-plex`);
  await mkdir(path.join(plexIn, 'in'), { recursive: true });
  await writeFile(path.join(plexIn, 'in', 'The.Chaos.Movie.2001.1080p.mkv'), 'movie');
  svc = await startTestService({
    DATABASE_URL: cluster.database.url,
    ARTIFACTS_DIR: artifactsDir,
    PLEX_IMPORT_DIR: path.join(plexIn, 'in'),
    PLEX_MOVIES_DIR: path.join(plexIn, 'movies'),
  });
  watch = await watchEvents('DASHBOARD_EVENTS', seen);
  return async () => {
    await watch.stop();
    await svc.stop();
    await streambot.close();
    await cluster.stop();
    await rm(artifactsDir, { recursive: true, force: true });
    await rm(`${artifactsDir}-plex`, { recursive: true, force: true });
  };
});
afterAll(() => process_.dispose());

let n = 0;
const upload = () => {
  const form = new FormData();
  form.append('file', new Blob([`line ${++n}\n`], { type: 'text/plain' }), `chaos-${n}.log`);
  return svc.request('/api/artifacts', { method: 'POST', body: form });
};
const databaseProbes = (): Probe[] => [
  { name: 'GET /api/jobs', send: () => svc.get('/api/jobs') },
  { name: 'GET /api/artifacts', send: () => svc.get('/api/artifacts') },
  { name: 'POST /api/artifacts', send: upload },
  { name: 'GET /api/deployments', send: () => svc.get('/api/deployments') },
  { name: 'GET /api/docker/actions', send: () => svc.get('/api/docker/actions') },
  {
    name: 'GET /api/health/history',
    send: () => svc.get('/api/health/history?target=service:streambot&hours=1'),
  },
  { name: 'GET /api/nas/shares', send: () => svc.get('/api/nas/shares') },
  { name: 'GET /api/ai/sessions', send: () => svc.get('/api/ai/sessions') },
  { name: 'GET /api/plex/imports', send: () => svc.get('/api/plex/imports') },
  { name: 'POST /api/plex/import', send: () => svc.post('/api/plex/import', { mode: 'copy' }) },
];
/** Served from memory; the session check honours a session confirmed before the stop. */
const readModelProbes = (): Probe[] => [
  { name: 'GET /api/facts/latest', send: () => svc.get('/api/facts/latest') },
  { name: 'GET /api/facts', send: () => svc.get('/api/facts') },
  { name: 'GET /api/streambot/status', send: () => svc.get('/api/streambot/status') },
  { name: 'GET /api/events/recent', send: () => svc.get('/api/events/recent') },
  { name: 'GET /api/health', send: () => svc.get('/api/health') },
];

/** Files without their artifact row and rows without their file. */
async function artifactOrphans() {
  const files = (await readdir(artifactsDir, { recursive: true, withFileTypes: true }))
    .filter((f) => f.isFile())
    .map((f) => path.join(f.parentPath, f.name));
  const rows = await withServiceSql(cluster.database, (c) =>
    c.query<{ storage_path: string }>('SELECT storage_path FROM artifacts'),
  );
  const stored = rows.rows.map((r) => path.resolve(artifactsDir, r.storage_path));
  return {
    rows: stored.length,
    'file without row': files.filter((f) => !stored.includes(f)),
    'row without file': stored.filter((s) => !files.includes(s)),
  };
}

/** Status changes in health_checks without their health.changed event, and the reverse. */
async function healthOrphans() {
  return withServiceSql(cluster.database, async (c) => {
    const { rows } = await c.query<{ kind: string; n: string }>(
      `WITH changes AS (
         SELECT target, status, checked_at,
                lag(status) OVER (PARTITION BY target ORDER BY checked_at) AS before
         FROM health_checks),
       changed AS (SELECT * FROM changes WHERE before IS DISTINCT FROM status AND before IS NOT NULL),
       evts AS (SELECT aggregate_id AS target, envelope->'data'->>'to' AS status,
                       (envelope->>'occurredAt')::timestamptz AS at
                FROM outbox_events WHERE subject = $1)
       SELECT 'change without event' AS kind, count(*) AS n FROM changed ch
         WHERE NOT EXISTS (SELECT 1 FROM evts e WHERE e.target = ch.target
                           AND e.status = ch.status AND e.at = ch.checked_at)
       UNION ALL
       SELECT 'event without check', count(*) FROM evts e
         WHERE NOT EXISTS (SELECT 1 FROM health_checks h WHERE h.target = e.target
                           AND h.status = e.status AND h.checked_at = e.at)`,
      [events.healthChanged.subject],
    );
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  });
}

/** The jobs once none is queued or running (one Plex import runs at a time). */
const jobsSettled = () =>
  eventually(async () => {
    const res = await svc.get('/api/jobs');
    const list = ((await res.json()) as { jobs: { status: string }[] }).jobs;
    if (list.some((j) => !['succeeded', 'failed', 'cancelled'].includes(j.status))) {
      throw new Error(`jobs still under way: ${list.map((j) => j.status).join(', ')}`);
    }
    return list;
  }, 30_000);

async function nextFact(sse: SseReader, factId: string) {
  for (;;) {
    const msg = await sse.next(ANSWER_WITHIN_MS);
    if (msg.data.includes(factId)) return msg;
  }
}

describe.skipIf(noPrivateCluster)('the dashboard while PostgreSQL is stopped for 10 s', () => {
  it('answers 503 promptly, keeps its live feed, writes nothing half, and recovers', async () => {
    await svc.service.probeHealth();
    const health = queryProbe(watch.nc, queries.healthSummary, {});
    const all = [...databaseProbes(), ...readModelProbes()];
    const before = await untilAllSucceed([...all, health]);
    expect(before.answers.map((a) => a.status)).not.toContain(500);
    const sse = await openSse(`${svc.service.url}/api/events/stream?service=streambot`, {
      headers: { cookie: cookieHeader(svc.cookies) },
    });

    // A job queued right before the stop (it runs before, or is handed back and runs after).
    await jobsSettled();
    expect((await svc.post('/api/plex/import', { mode: 'copy' })).status).toBe(202);
    const downAt = Date.now();
    await cluster.halt();
    try {
      expect((await svc.get('/healthz')).status).toBe(200);
      const ready = await ask({ name: 'readyz', send: () => svc.get('/readyz') });
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 'not ready', down: ['database'] });
      const during = await askAll(databaseProbes());
      expectDatabaseUnavailable(during);
      const fromMemory = await askAll(readModelProbes());
      expect(fromMemory.map((a) => [a.name, a.status])).toEqual(
        fromMemory.map((a) => [a.name, 200]),
      );
      // A session the database never confirmed to this dashboard opens nothing meanwhile.
      const stranger = await ask({
        name: 'GET /api/facts/latest, unknown session',
        send: () =>
          svc.anonymous('/api/facts/latest', {
            headers: { cookie: `dash_session=${'A'.repeat(43)}` },
          }),
      });
      expect(stranger.status).toBe(503);

      // Without the database: the live feed goes on, and the health summary answers.
      const meanwhile = fact('Written while the dashboard had no database.');
      await streambot.publishFact(meanwhile);
      expect(JSON.parse((await nextFact(sse, meanwhile.factId)).data)).toMatchObject({
        type: events.factCreated.type,
      });
      expect((await ask(health)).status).toBe(200);

      // stream-bot goes quiet: a health round sees it, but cannot record it yet.
      await streambot.silence();
      await svc.service.probeHealth();
      await untilElapsed(downAt, OUTAGE_MS - ANSWER_WITHIN_MS);
      expectDatabaseUnavailable(await askAll(databaseProbes()));
      console.info(
        `dashboard: during: ${during.map((a) => `${a.name} ${a.status} ${a.ms}ms`).join(', ')}`,
      );

      await untilElapsed(downAt, OUTAGE_MS);
      await cluster.resume();
      const upAt = Date.now();
      const after = await untilAllSucceed(all, RECOVER_WITHIN_MS);
      const readyAgain = await untilAllSucceed(
        [{ name: 'readyz', send: () => svc.get('/readyz') }],
        RECOVER_WITHIN_MS,
      );
      console.info(
        `dashboard: outage ${upAt - downAt} ms; recovered in ${Date.now() - upAt} ms ` +
          `(routes ${after.ms} ms, last ${after.slowest}; readyz +${readyAgain.ms} ms)`,
      );
      // The read model took the fact from the event while the database was away.
      const latest = (await (await svc.get('/api/facts/latest')).json()) as {
        fact: { factId: string } | null;
      };
      expect(latest.fact?.factId).toBe(meanwhile.factId);
    } finally {
      await sse.close();
    }

    // The next round records stream-bot's silence with its event, and it is published.
    await svc.service.probeHealth();
    const downEvent = await eventually(async () => {
      const e = seen.find(
        (x) =>
          x.subject === events.healthChanged.subject &&
          (x.envelope.data as { target: string; to: string }).target === 'service:streambot' &&
          (x.envelope.data as { to: string }).to !== 'up',
      );
      if (!e) throw new Error('no health.changed for stream-bot yet');
      return e;
    }, PUBLISH_WITHIN_MS);
    expect(downEvent.envelope.source).toBe('dashboard');
    expect(await healthOrphans()).toEqual({ 'change without event': 0, 'event without check': 0 });
    // Every job queued before, at and after the stop ends, and well.
    const jobs = await jobsSettled();
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    expect(jobs.map((j) => j.status)).toEqual(jobs.map(() => 'succeeded'));
    const artifacts = await artifactOrphans();
    expect(artifacts).toMatchObject({ 'file without row': [], 'row without file': [] });
    expect(artifacts.rows).toBeGreaterThanOrEqual(2);
    expect(process_.failures).toEqual([]);
  }, 90_000);
});
