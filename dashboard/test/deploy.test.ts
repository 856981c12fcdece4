// Deployments against a real, private dockerd (tools/test-env/docker-engine.ts)
// and the real dashboard with its job queue: a redeploy keeps the container's
// configuration, a new container that exits or turns unhealthy is rolled back
// to the old one, a failed pull leaves the old one alone, one deployment per
// target at a time, cancel rolls back, bad input changes nothing, and the
// started/finished/failed events reach the bus.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { STREAMS, type SubscribedEvent } from '@homelab/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDockerd } from '../../scripts/lib/preflight.mjs';
import {
  dockerEngineMissing,
  startDockerEngine,
  TEST_IMAGE,
  type DockerEngineHandle,
} from '../../tools/test-env/docker-engine.ts';
import { openSql, type OpenedSql } from '../../tools/test-env/pg-sql.ts';
import { eventually, watchEvents, type EventWatch } from '../../tools/test-env/service-harness.ts';
import { createDeploymentHandler } from '../src/deploy/deployer.ts';
import { createDeploymentStore } from '../src/deploy/store.ts';
import { createDockerodeEngine } from '../src/docker/dockerode-engine.ts';
import type { JobContext } from '../src/jobs/types.ts';
import { startTestService, type TestService } from './harness.ts';
import { readSse } from './sse.ts';

const skip = !findDockerd() && !process.env.CI;
const title = skip ? `deployments (skipped: ${dockerEngineMissing()})` : 'deployments';

const TICKER = ['sh', '-c', 'trap "exit 0" TERM; while true; do echo tick; sleep 0.5; done'];
const V2 = 'localhost/busybox:v2';
const EXITS = 'localhost/busybox:exits';
const UNHEALTHY = 'localhost/busybox:unhealthy';
const BROKEN = 'localhost/busybox:broken';
const EVENT = (name: string) => `dashboard.evt.deployment.${name}.v1`;
const HEALTHY_CHECK = { Test: ['CMD', 'true'], Interval: 300_000_000, StartPeriod: 0 };
// Far slower than any test waits: the container stays 'starting'.
const SLOW_CHECK = { Test: ['CMD', 'true'], Interval: 3_600_000_000_000 };
const READY_CHECK = {
  Test: ['CMD', 'test', '-f', '/tmp/ready'],
  Interval: 300_000_000,
  StartPeriod: 120_000_000_000,
};

interface Step {
  at: string;
  step: string;
  message: string;
}
interface Deployment {
  id: string;
  host: string;
  target: string;
  image: string;
  pull: boolean;
  status: string;
  previousImage: string | null;
  previousContainerId: string | null;
  newContainerId: string | null;
  error: string | null;
  steps: Step[];
  jobId: string | null;
  requestedBy: string;
  finishedAt: string | null;
}

let engine: DockerEngineHandle;
let svc: TestService;
let watch: EventWatch;
let db: OpenedSql;
let dataDir: string;
/** The first service's database, kept when a test restarts the service on it. */
let firstDatabase: TestService['database'];
const seen: SubscribedEvent[] = [];

/** An image made from the test image with Dockerfile-like changes (no registry here). */
async function makeImage(ref: string, changes: string[]) {
  const base = await engine.docker.createContainer({ Image: TEST_IMAGE, Cmd: ['true'] });
  const [repo, tag] = ref.split(':');
  await base.commit({ repo, tag, changes } as object);
  await base.remove();
}

async function run(
  name: string,
  extra: { labels?: Record<string, string>; healthcheck?: object | null; env?: string[] } = {},
) {
  const c = await engine.docker.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: TICKER,
    Env: extra.env ?? ['APP_MODE=blue'],
    Labels: extra.labels ?? { app: name },
    ...(extra.healthcheck === null ? {} : { Healthcheck: extra.healthcheck ?? HEALTHY_CHECK }),
    WorkingDir: '/tmp',
    HostConfig: {
      Binds: [`${dataDir}:/data:ro`],
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
    },
  });
  await c.start();
  return (await c.inspect()).Id;
}

const inspect = (name: string) => engine.docker.getContainer(name).inspect();

async function deploy(body: unknown) {
  const res = await svc.post('/api/deploy', body);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function deployment(id: string): Promise<Deployment> {
  const res = await svc.get(`/api/deployments/${id}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { deployment: Deployment }).deployment;
}

async function finished(id: string, timeoutMs = 60_000): Promise<Deployment> {
  return eventually(async () => {
    const d = await deployment(id);
    expect(['succeeded', 'rolled_back', 'failed', 'cancelled']).toContain(d.status);
    return d;
  }, timeoutMs);
}

async function rowCount() {
  const deployments = await db.query<{ n: string }>('SELECT count(*) AS n FROM deployments');
  const jobs = await db.query<{ n: string }>('SELECT count(*) AS n FROM jobs');
  return { deployments: Number(deployments[0]!.n), jobs: Number(jobs[0]!.n) };
}

const containerNames = async () =>
  (await engine.docker.listContainers({ all: true })).map((c) => c.Names[0]!.slice(1)).sort();

function eventsOf(name: string, deploymentId: string) {
  return seen
    .filter((e) => e.subject === EVENT(name))
    .map((e) => e.envelope.data as Record<string, unknown>)
    .filter((d) => d.deploymentId === deploymentId);
}

beforeAll(async () => {
  if (skip) return;
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'deploy-test-'));
  engine = await startDockerEngine();
  const started = startTestService({
    DOCKER_SOCKET: engine.socket,
    STACK_CONTAINERS: 'dashboard',
    DEPLOY_HEALTH_TIMEOUT_MS: '20000',
    DEPLOY_STABLE_MS: '1500',
    LOG_LEVEL: process.env.DEPLOY_TEST_LOG ?? 'silent',
  });
  await engine.docker.getImage(TEST_IMAGE).tag({ repo: 'localhost/busybox', tag: 'v2' });
  await makeImage(EXITS, ['ENTRYPOINT ["sh", "-c", "echo bad config >&2; exit 3"]']);
  await makeImage(UNHEALTHY, ['HEALTHCHECK --interval=1s --retries=2 CMD false']);
  await makeImage(BROKEN, ['ENTRYPOINT ["/no/such/program"]']);
  await Promise.all([
    run('web'),
    run('plain', { healthcheck: null }),
    run('slowpoke', { healthcheck: SLOW_CHECK }),
    run('homelab-dashboard-1', { labels: { 'com.docker.compose.service': 'dashboard' } }),
    // Healthy once /tmp/ready exists; failures in the first minute do not count.
    run('resumer', { healthcheck: READY_CHECK }),
  ]);
  svc = await started;
  firstDatabase = svc.database;
  db = openSql(svc.database!.url);
  watch = await watchEvents(STREAMS.dashboard.events, seen);
}, 120_000);

afterAll(async () => {
  await watch?.stop();
  await db?.end();
  await svc?.stop();
  if (firstDatabase !== svc?.database) await firstDatabase?.drop();
  await engine?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe.skipIf(skip)(title, () => {
  it('redeploys a container on a new image with the same configuration and removes the old one', async () => {
    const before = await inspect('web');
    const { status, body } = await deploy({ target: 'web', image: V2, pull: false });
    expect(status).toBe(202);
    expect(body).toMatchObject({ deploymentId: expect.any(String), jobId: expect.any(String) });
    const id = body.deploymentId as string;

    const d = await finished(id);
    expect(d).toMatchObject({
      status: 'succeeded',
      target: 'web',
      image: V2,
      pull: false,
      previousImage: TEST_IMAGE,
      previousContainerId: before.Id,
      error: null,
      requestedBy: 'admin',
    });
    expect(d.steps.map((s) => s.step)).toEqual(
      expect.arrayContaining([
        'queued',
        'started',
        'image',
        'renamed',
        'stopped',
        'created',
        'healthy',
        'succeeded',
      ]),
    );

    const after = await inspect('web');
    expect(after.Id).toBe(d.newContainerId);
    expect(after.Id).not.toBe(before.Id);
    expect(after.Config.Image).toBe(V2);
    expect(after.State.Running).toBe(true);
    expect(after.Config.Env).toEqual(before.Config.Env);
    expect(after.Config.Cmd).toEqual(TICKER);
    expect(after.Config.WorkingDir).toBe('/tmp');
    expect(after.Config.Labels).toMatchObject(before.Config.Labels);
    expect(after.Config.Healthcheck).toEqual(before.Config.Healthcheck);
    expect(after.HostConfig.Binds).toEqual([`${dataDir}:/data:ro`]);
    expect(after.HostConfig.RestartPolicy).toEqual(before.HostConfig.RestartPolicy);
    await expect(engine.docker.getContainer(before.Id).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
    expect((await containerNames()).filter((n) => n.includes('-previous-'))).toEqual([]);

    await eventually(async () => {
      expect(eventsOf('started', id)).toEqual([
        { deploymentId: id, target: 'web', ref: V2, triggeredBy: 'admin' },
      ]);
      expect(eventsOf('finished', id)).toEqual([
        expect.objectContaining({ deploymentId: id, outcome: 'succeeded', error: null }),
      ]);
    });

    const history = await svc.get('/api/deployments?target=web');
    const { deployments } = (await history.json()) as { deployments: Deployment[] };
    expect(deployments.map((x) => x.id)).toContain(id);
    const job = await svc.get(`/api/jobs/${d.jobId}`);
    if (job.status !== 404) {
      expect(((await job.json()) as { job?: { status: string } }).job?.status ?? 'succeeded').toBe(
        'succeeded',
      );
    }
  });

  it('waits for a container without a healthcheck to keep running, on its current image by default', async () => {
    const before = await inspect('plain');
    const { status, body } = await deploy({ target: 'plain', pull: false });
    expect(status).toBe(202);
    const d = await finished(body.deploymentId as string);
    expect(d.status).toBe('succeeded');
    expect(d.image).toBe(TEST_IMAGE); // the current image by default
    expect(d.steps.find((s) => s.step === 'healthy')?.message).toMatch(/kept running for 2 s/);
    const after = await inspect('plain');
    expect(after.Id).not.toBe(before.Id);
    expect(after.Config.Healthcheck).toBeUndefined();
  });

  it('rolls back to the old container when the new one exits', async () => {
    const before = await inspect('web');
    const { status, body } = await deploy({ target: 'web', image: EXITS, pull: false });
    expect(status).toBe(202);
    const id = body.deploymentId as string;
    const d = await finished(id);
    expect(d.status).toBe('rolled_back');
    expect(d.error).toMatch(/^web exited.*\(last output: bad config/);
    expect(d.steps.map((s) => s.step)).toEqual(
      expect.arrayContaining([
        'created',
        'rolling-back',
        'removed-new',
        'renamed-back',
        'restarted',
        'rolled-back',
      ]),
    );
    const after = await inspect('web');
    expect(after.Id).toBe(before.Id);
    expect(after.Config.Image).toBe(V2);
    expect(after.State.Running).toBe(true);
    await expect(engine.docker.getContainer(d.newContainerId!).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
    expect((await containerNames()).filter((n) => n.includes('-previous-'))).toEqual([]);
    await eventually(async () => {
      expect(eventsOf('failed', id)).toEqual([
        {
          deploymentId: id,
          target: 'web',
          error: d.error,
          rolledBack: true,
          phase: 'health',
        },
      ]);
      expect(eventsOf('finished', id)).toEqual([]);
    });
    const [job] = await db.query('SELECT status, error FROM jobs WHERE id = $1', [d.jobId]);
    expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/rolled back/) });
  });

  it('rolls back when the new container becomes unhealthy, naming the healthcheck', async () => {
    // plain has no healthcheck of its own, so the new image's applies.
    const before = await inspect('plain');
    const { body } = await deploy({ target: 'plain', image: UNHEALTHY, pull: false });
    const d = await finished(body.deploymentId as string);
    expect(d.status).toBe('rolled_back');
    expect(d.error).toMatch(/^plain became unhealthy/);
    const after = await inspect('plain');
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    expect(after.Name).toBe('/plain');
  });

  it('rolls back when the new container cannot even start', async () => {
    const before = await inspect('web');
    const { body } = await deploy({ target: 'web', image: BROKEN, pull: false });
    const id = body.deploymentId as string;
    const d = await finished(id);
    expect(d.status).toBe('rolled_back');
    expect(d.error).toMatch(/no\/such\/program/);
    const after = await inspect('web');
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    await eventually(async () => {
      expect(eventsOf('failed', id)).toEqual([
        expect.objectContaining({ rolledBack: true, phase: 'start' }),
      ]);
    });
  });

  it('fails a pull that cannot reach a registry cleanly, leaving the old container alone', async () => {
    const before = await inspect('web');
    const { status, body } = await deploy({ target: 'web', image: 'localhost/nope:1', pull: true });
    expect(status).toBe(202);
    const id = body.deploymentId as string;
    const d = await finished(id);
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(
      /^pulling localhost\/nope:1 on local failed: Get "http:\/\/localhost\/v2\/": .*connection refused \(is the registry reachable\? deploy with pull: false/,
    );
    expect(d.newContainerId).toBeNull();
    const after = await inspect('web');
    expect(after.Id).toBe(before.Id);
    expect(after.State.StartedAt).toBe(before.State.StartedAt);
    expect(after.Name).toBe('/web');
    await eventually(async () => {
      expect(eventsOf('failed', id)).toEqual([
        expect.objectContaining({ rolledBack: false, phase: 'pull' }),
      ]);
    });
  });

  it('runs one deployment per target at a time (409), and a cancel while waiting rolls back', async () => {
    const before = await inspect('slowpoke');
    const first = await deploy({ target: 'slowpoke', pull: false });
    expect(first.status).toBe(202);
    const id = first.body.deploymentId as string;
    const counts = await rowCount();
    const second = await deploy({ target: 'slowpoke', image: V2, pull: false });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      error: {
        code: 'conflict',
        message: expect.stringMatching(/slowpoke is being deployed already/),
      },
    });
    expect(await rowCount()).toEqual(counts);

    // Live progress over server-sent events until it waits for the health check.
    const sse = readSse(await svc.get(`/api/deployments/${id}/events`));
    try {
      for (;;) {
        const message = await sse.next(30_000);
        expect(message.event).toBe('deployment');
        if ((JSON.parse(message.data) as Deployment).status === 'waiting_healthy') break;
      }
      const cancel = await svc.post(`/api/deployments/${id}/cancel`, {});
      expect(cancel.status).toBe(200);
      let last: SubscribedEventLike;
      do last = await sse.next(30_000);
      while (last.event !== 'end');
      expect(JSON.parse(last.data)).toMatchObject({ id, status: 'cancelled', error: 'cancelled' });
    } finally {
      await sse.close();
    }
    const after = await inspect('slowpoke');
    expect(after.Id).toBe(before.Id);
    expect(after.State.Running).toBe(true);
    await eventually(async () => {
      expect(eventsOf('finished', id)).toEqual([
        expect.objectContaining({ outcome: 'cancelled', error: 'cancelled' }),
      ]);
      const [job] = await db.query<{ status: string }>('SELECT status FROM jobs WHERE id = $1', [
        first.body.jobId,
      ]);
      expect(job?.status).toBe('cancelled');
    });
    // The target is free again.
    const again = await deploy({ target: 'slowpoke', image: EXITS, pull: false });
    expect(again.status).toBe(202);
    expect((await finished(again.body.deploymentId as string)).status).toBe('rolled_back');
  });

  it('asks for a confirmation before deploying a stack container', async () => {
    const counts = await rowCount();
    for (const target of ['homelab-dashboard-1', 'dashboard']) {
      const refused = await deploy({ target, pull: false });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        error: { code: 'confirmation_required', message: expect.stringMatching(/"confirm": true/) },
      });
    }
    expect(await rowCount()).toEqual(counts);
    const confirmed = await deploy({ target: 'dashboard', pull: false, confirm: true });
    expect(confirmed.status).toBe(202);
    expect((await finished(confirmed.body.deploymentId as string)).status).toBe('succeeded');
    expect((await inspect('homelab-dashboard-1')).Config.Labels).toMatchObject({
      'com.docker.compose.service': 'dashboard',
    });
  });

  it('refuses bad input with a 4xx and a message, writing nothing', async () => {
    const counts = await rowCount();
    const names = await containerNames();
    const cases: [unknown, number, RegExp][] = [
      [{ pull: false }, 400, /target/],
      [{ target: 'web' }, 400, /pull/],
      [{ target: 'web', pull: 'yes' }, 400, /pull/],
      [{ target: '../web', pull: false }, 400, /not a container or service name/],
      [{ target: 'web', image: 'Bad Image!', pull: false }, 400, /not an image reference/],
      [{ target: 'web', image: 'localhost/x:1', pull: false, confirm: 'yes' }, 400, /confirm/],
      [{ host: 'nas', target: 'web', pull: false }, 404, /no Docker host named "nas"/],
      [
        { target: 'no-such-thing', pull: false },
        404,
        /no container or compose service named no-such-thing/,
      ],
      [
        { target: 'web', image: 'localhost/nope:2', pull: false },
        404,
        /no image localhost\/nope:2 .*pull: true/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await deploy(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((res.body as { error: { message: string } }).error.message).toMatch(message);
    }
    const notJson = await svc.request('/api/deploy', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    expect((await svc.get('/api/deployments/not-an-id')).status).toBe(400);
    expect((await svc.get('/api/deployments/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
    expect((await svc.get('/api/deployments?limit=0')).status).toBe(400);
    expect((await svc.anonymous('/api/deployments')).status).toBe(401);
    expect(await rowCount()).toEqual(counts);
    expect(await containerNames()).toEqual(names);
  });
});

describe.skipIf(skip)(`${title}: a restart half-way`, () => {
  it('continues a deployment the dashboard stopped in the middle of, from what exists', async () => {
    const before = await inspect('resumer');
    const { status, body } = await deploy({ target: 'resumer', image: V2, pull: false });
    expect(status).toBe(202);
    const id = body.deploymentId as string;
    const waiting = await eventually(async () => {
      const d = await deployment(id);
      expect(d.status).toBe('waiting_healthy');
      return d;
    }, 30_000);

    // The dashboard stops while the new container is not healthy yet: its job goes back to the queue.
    await svc.service.stop();
    const aside = await inspect(`resumer-previous-${before.Id.slice(0, 12)}`);
    expect(aside.Id).toBe(before.Id);
    expect(aside.State.Running).toBe(false);
    expect((await inspect('resumer')).Id).toBe(waiting.newContainerId);
    const [left] = await db.query<{ status: string }>(
      'SELECT status FROM deployments WHERE id = $1',
      [id],
    );
    expect(left?.status).toBe('waiting_healthy');

    // It becomes healthy meanwhile; the next dashboard picks the job up and finishes it.
    const exec = await engine.docker
      .getContainer(waiting.newContainerId!)
      .exec({ Cmd: ['touch', '/tmp/ready'] });
    await exec.start({ Detach: true });
    svc = await startTestService({
      DATABASE_URL: firstDatabase!.url,
      DOCKER_SOCKET: engine.socket,
      DEPLOY_HEALTH_TIMEOUT_MS: '20000',
      DEPLOY_STABLE_MS: '1500',
      LOG_LEVEL: process.env.DEPLOY_TEST_LOG ?? 'silent',
    });
    const d = await finished(id);
    expect(d.status).toBe('succeeded');
    expect(d.newContainerId).toBe(waiting.newContainerId);
    expect(d.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['resumed', 'healthy']));
    expect(d.steps.filter((s) => s.step === 'created')).toHaveLength(1);
    await expect(engine.docker.getContainer(before.Id).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
    const after = await inspect('resumer');
    expect(after.Id).toBe(waiting.newContainerId);
    expect(after.Config.Image).toBe(V2);
    expect(after.State.Health?.Status).toBe('healthy');
    await eventually(async () => {
      expect(eventsOf('started', id)).toHaveLength(1);
      expect(eventsOf('finished', id)).toEqual([expect.objectContaining({ outcome: 'succeeded' })]);
    });
  });
});

describe.skipIf(skip)(`${title}: the engine's calls`, () => {
  const local = () =>
    createDockerodeEngine({
      name: 'local',
      address: engine.address,
      connection: { socketPath: engine.socket },
    });

  it('inspects images, renames, waits for and removes containers, with clear errors', async () => {
    const e = local();
    expect((await e.inspectImage(TEST_IMAGE)).tags).toContain(TEST_IMAGE);
    await expect(e.inspectImage('localhost/nope:3')).rejects.toMatchObject({
      code: 'not_found',
      message: 'no image localhost/nope:3 on Docker host local',
    });
    await expect(
      e.pull('localhost/nope:3', () => {}, AbortSignal.timeout(30_000)),
    ).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^pulling localhost\/nope:3 on local failed: /),
    });
    const c = await engine.docker.createContainer({
      name: 'short-lived',
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'sleep 0.3; exit 7'],
    });
    await c.start();
    expect(await e.wait(c.id, AbortSignal.timeout(30_000))).toBe(7);
    const details = await e.inspectDetails('short-lived');
    expect(details).toMatchObject({ state: 'exited', exitCode: 7, hasHealthcheck: false });
    expect(details.spec).toMatchObject({ Cmd: ['sh', '-c', 'sleep 0.3; exit 7'] });
    await expect(e.rename(c.id, 'web')).rejects.toMatchObject({ code: 'conflict' });
    await e.rename(c.id, 'short-lived-2');
    expect((await e.inspectDetails(c.id)).name).toBe('short-lived-2');
    await e.remove(c.id);
    await expect(e.inspectDetails(c.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe.skipIf(skip)(`${title}: the job run again after a crash`, () => {
  // The handler alone, on the service's database and the engine, with a hand-made JobContext:
  // the state a crashed run left (a row and containers) is set up by hand.
  const run = async (deploymentId: string) => {
    const host = {
      name: 'local',
      address: engine.address,
      connection: { socketPath: engine.socket },
    };
    const handler = createDeploymentHandler({
      engine: () => createDockerodeEngine(host),
      store: createDeploymentStore(db),
      healthTimeoutMs: 20_000,
      stableMs: 1_500,
      pollMs: 200,
      cancelRequested: async () => false,
    });
    const progress: string[] = [];
    const ctx = {
      jobId: randomUUID(),
      attempt: 2,
      maxAttempts: 3,
      signal: new AbortController().signal,
      progress: (p: { message: string }) => void progress.push(p.message),
      log: {},
    } as unknown as JobContext;
    const outcome = await handler.run({ deploymentId }, ctx).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    return { outcome, progress };
  };

  async function insert(row: {
    target: string;
    status: string;
    previous: string;
    next?: string;
    error?: string;
  }) {
    const id = randomUUID();
    await db.query(
      `INSERT INTO deployments (id, host, target, image, pull, status, previous_image,
         previous_container_id, new_container_id, error, requested_by, started_at)
       VALUES ($1, 'local', $2, $3, false, $4, $5, $6, $7, $8, 'admin', now())`,
      [
        id,
        row.target,
        V2,
        row.status,
        TEST_IMAGE,
        row.previous,
        row.next ?? null,
        row.error ?? null,
      ],
    );
    return id;
  }

  it('finishes a replacement that stopped after renaming the old container aside', async () => {
    await engine.docker
      .createContainer({ name: 'phoenix', Image: TEST_IMAGE, Cmd: TICKER, Env: ['A=1'] })
      .then((c) => c.start());
    const old = await inspect('phoenix');
    const id = await insert({ target: 'phoenix', status: 'creating', previous: old.Id });
    await engine.docker
      .getContainer(old.Id)
      .rename({ name: `phoenix-previous-${old.Id.slice(0, 12)}` });

    const { outcome, progress } = await run(id);
    expect(outcome).toMatchObject({ value: { status: 'succeeded' } });
    expect(progress.some((m) => /continues from creating/.test(m))).toBe(true);
    const d = await deployment(id);
    expect(d.steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['resumed', 'stopped', 'created', 'healthy', 'succeeded']),
    );
    expect(d.steps.map((s) => s.step)).not.toContain('renamed');
    const now = await inspect('phoenix');
    expect(now.Id).toBe(d.newContainerId);
    expect(now.Config.Image).toBe(V2);
    expect(now.Config.Env).toContain('A=1');
    await expect(engine.docker.getContainer(old.Id).inspect()).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('finishes a rollback that stopped half-way, putting the old container back', async () => {
    await engine.docker
      .createContainer({ name: 'ember', Image: TEST_IMAGE, Cmd: TICKER })
      .then((c) => c.start());
    const old = await inspect('ember');
    await engine.docker
      .getContainer(old.Id)
      .rename({ name: `ember-previous-${old.Id.slice(0, 12)}` });
    await engine.docker.getContainer(old.Id).stop();
    const made = await engine.docker.createContainer({ name: 'ember', Image: V2, Cmd: TICKER });
    await made.start();
    const id = await insert({
      target: 'ember',
      status: 'rolling_back',
      previous: old.Id,
      next: made.id,
      error: 'ember became unhealthy',
    });

    const { outcome } = await run(id);
    expect(outcome).toMatchObject({ error: { message: 'rolled back: ember became unhealthy' } });
    const d = await deployment(id);
    expect(d).toMatchObject({ status: 'rolled_back', error: 'ember became unhealthy' });
    const now = await inspect('ember');
    expect(now.Id).toBe(old.Id);
    expect(now.State.Running).toBe(true);
    await expect(made.inspect()).rejects.toMatchObject({ statusCode: 404 });
    await eventually(async () => {
      expect(eventsOf('failed', id)).toEqual([
        expect.objectContaining({ rolledBack: true, phase: 'health' }),
      ]);
    });
  });
});

type SubscribedEventLike = { event?: string; data: string };
