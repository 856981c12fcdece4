// Docker management against a real, private dockerd (tools/test-env/docker-engine.ts)
// and the real dashboard: listing, actions and their records and events, logs,
// stats, the stack confirmation, bad input and an engine that is not there.
import { STREAMS, type SubscribedEvent } from '@homelab/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDockerd } from '../../scripts/lib/preflight.mjs';
import {
  dockerEngineMissing,
  startDockerEngine,
  TEST_IMAGE,
  type DockerEngineHandle,
} from '../../tools/test-env/docker-engine.ts';
import { eventually, watchEvents, type EventWatch } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';
import { readSse } from './sse.ts';

// Without dockerd these tests may be skipped locally, never on CI.
const skip = !findDockerd() && !process.env.CI;
const title = skip ? `Docker management (skipped: ${dockerEngineMissing()})` : 'Docker management';

// Prints a numbered line on stdout and one on stderr twice a second; exits on SIGTERM.
const TICKER = [
  'sh',
  '-c',
  'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; echo "warn $i" >&2; sleep 0.5; done',
];
const ACTION_EVENT = 'dashboard.evt.container.action-taken.v1';
const STATE_EVENT = 'dashboard.evt.container.state-changed.v1';

interface Container {
  id: string;
  name: string;
  image: string;
  state: string;
  health: string | null;
  stack: boolean;
  host: string;
}
interface Action {
  id: string;
  action: string;
  outcome: string;
  error: string | null;
  confirmed: boolean;
  requestedBy: string;
}

let engine: DockerEngineHandle;
let svc: TestService;
let watch: EventWatch;
const seen: SubscribedEvent[] = [];

async function run(name: string, extra: { labels?: Record<string, string>; start?: boolean } = {}) {
  const container = await engine.docker.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: TICKER,
    Labels: extra.labels ?? {},
    Healthcheck: { Test: ['CMD', 'true'], Interval: 500_000_000 },
  });
  if (extra.start !== false) await container.start();
  return container;
}

const stateOf = async (name: string) =>
  (await engine.docker.getContainer(name).inspect()).State.Status;

async function actions(): Promise<Action[]> {
  const res = await svc.get('/api/docker/actions?limit=500');
  expect(res.status).toBe(200);
  return ((await res.json()) as { actions: Action[] }).actions;
}

async function act(name: string, action: string, request: unknown = {}) {
  const res = await svc.post(`/api/docker/containers/local/${name}/${action}`, request);
  const body = (await res.json()) as { action: Action; container: Container; error?: unknown };
  return { status: res.status, body };
}

beforeAll(async () => {
  if (skip) return;
  engine = await startDockerEngine();
  const started = startTestService({
    DOCKER_HOSTS: `local=${engine.socket},gone=unix:///nonexistent/docker.sock`,
    STACK_CONTAINERS: 'stream-bot,dashboard',
  });
  // Containers take a second or two each to start here; in parallel, and while the service starts.
  await Promise.all([
    run('ticker'),
    run('stream-bot'),
    run('homelab-dashboard-1', { labels: { 'com.docker.compose.service': 'dashboard' } }),
    run('never-started', { start: false }),
  ]);
  svc = await started;
  watch = await watchEvents(STREAMS.dashboard.events, seen);
});

afterAll(async () => {
  await watch?.stop();
  await svc?.stop();
  await engine?.dispose();
});

describe.skipIf(skip)(title, () => {
  it('lists the containers of every engine with state, image, health and stack flag', async () => {
    const listed = await eventually(async () => {
      const res = await svc.get('/api/docker/containers');
      expect(res.status).toBe(200);
      const body = (await res.json()) as { hosts: unknown[]; containers: Container[] };
      expect(body.containers.find((c) => c.name === 'ticker')?.health).toBe('healthy');
      return body;
    });
    expect(listed.containers.find((c) => c.name === 'ticker')).toMatchObject({
      host: 'local',
      image: TEST_IMAGE,
      state: 'running',
      stack: false,
    });
    expect(listed.containers.find((c) => c.name === 'stream-bot')?.stack).toBe(true);
    expect(listed.containers.find((c) => c.name === 'homelab-dashboard-1')?.stack).toBe(true);
    expect(listed.containers.find((c) => c.name === 'never-started')?.state).toBe('created');
    expect(listed.hosts).toEqual([
      expect.objectContaining({ name: 'local', reachable: true, version: expect.any(String) }),
      expect.objectContaining({ name: 'gone', reachable: false, version: null }),
    ]);
    const running = await svc.get('/api/docker/containers?host=local&all=false');
    const names = ((await running.json()) as { containers: Container[] }).containers.map(
      (c) => c.name,
    );
    expect(names).toContain('ticker');
    expect(names).not.toContain('never-started');
  });

  it('pauses, unpauses, stops, starts and restarts a container, recording each with its event', async () => {
    const steps = [
      ['pause', 'paused'],
      ['unpause', 'running'],
      ['stop', 'exited'],
      ['start', 'running'],
      ['restart', 'running'],
    ] as const;
    const ids: string[] = [];
    for (const [action, state] of steps) {
      const { status, body } = await act('ticker', action);
      expect(status).toBe(200);
      const { action: record, container } = body;
      expect(record).toMatchObject({ action, outcome: 'succeeded', requestedBy: 'admin' });
      expect(record.confirmed).toBe(false);
      expect(container.state).toBe(state);
      // The engine's own view can trail its answer on a busy machine.
      await eventually(async () => expect(await stateOf('ticker')).toBe(state));
      ids.push(record.id);
    }
    expect((await actions()).slice(0, 5).map((a) => a.id)).toEqual(ids.reverse());
    await eventually(async () => {
      const published = seen
        .filter((e) => e.subject === ACTION_EVENT)
        .map((e) => (e.envelope.data as { actionId: string }).actionId);
      expect(published).toEqual(expect.arrayContaining(ids));
    });
    // The engine's own events come back as state changes (from the watcher).
    await eventually(async () => {
      const changes = seen
        .filter((e) => e.subject === STATE_EVENT)
        .map((e) => e.envelope.data as { name: string; from: string | null; to: string })
        .filter((d) => d.name === 'ticker');
      expect(changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ from: 'running', to: 'paused' }),
          expect.objectContaining({ from: 'paused', to: 'running' }),
          expect.objectContaining({ from: 'running', to: 'exited' }),
          expect.objectContaining({ from: 'exited', to: 'running' }),
        ]),
      );
    });
  });

  it('records an action the engine refuses as failed and answers 409 conflict', async () => {
    const { status, body } = await act('ticker', 'unpause');
    expect(status).toBe(409);
    expect(body).toMatchObject({ error: { code: 'conflict' } });
    const [latest] = await actions();
    expect(latest).toMatchObject({ action: 'unpause', outcome: 'failed' });
    expect(latest?.error).toMatch(/not paused/);
  });

  it('asks for confirmation before acting on a stack container, by name or compose service', async () => {
    const before = (await actions()).length;
    for (const name of ['stream-bot', 'homelab-dashboard-1']) {
      const refused = await act(name, 'stop');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ error: { code: 'confirmation_required' } });
      expect(await stateOf(name)).toBe('running');
    }
    expect(await actions()).toHaveLength(before);
    const { status, body } = await act('stream-bot', 'stop', { confirm: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ action: { confirmed: true, outcome: 'succeeded' } });
    await eventually(async () => expect(await stateOf('stream-bot')).toBe('exited'));
  });

  it('refuses bad input with a 4xx, touching no container and recording nothing', async () => {
    const before = (await actions()).length;
    const cases: [string, number, RegExp][] = [
      ['/api/docker/containers/local/ticker/destroy', 400, /unknown action.*start, stop/],
      ['/api/docker/containers/local/-ticker/stop', 400, /not a container id/],
      ['/api/docker/containers/nas/ticker/stop', 404, /no Docker host named "nas"/],
      ['/api/docker/containers/local/no-such-container/stop', 404, /no container/],
    ];
    for (const [path, status, message] of cases) {
      const res = await svc.post(path, {});
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const badBody = await svc.post('/api/docker/containers/local/ticker/stop', { confirm: 'yes' });
    expect(badBody.status).toBe(400);
    for (const query of ['tail=-1', 'tail=5001', 'tail=abc', 'since=yesterday']) {
      const res = await svc.get(`/api/docker/containers/local/ticker/logs?${query}`);
      expect(res.status, query).toBe(400);
    }
    expect((await svc.get('/api/docker/containers?host=nas')).status).toBe(404);
    expect(await actions()).toHaveLength(before);
    expect(await stateOf('ticker')).toBe('running');
    expect((await svc.anonymous('/api/docker/containers')).status).toBe(401);
  });

  it('answers 503 naming the socket and the fix when the engine is not there', async () => {
    const res = await svc.get('/api/docker/containers?host=gone');
    expect(res.status).toBe(503);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(
      'no Docker engine at unix:///nonexistent/docker.sock (ENOENT): ' +
        'start Docker or set DOCKER_SOCKET / DOCKER_HOSTS',
    );
    const action = await svc.post('/api/docker/containers/gone/ticker/start', {});
    expect(action.status).toBe(503);
    const hosts = await svc.get('/api/docker/hosts');
    expect(((await hosts.json()) as { hosts: unknown[] }).hosts).toEqual([
      expect.objectContaining({ name: 'local', reachable: true, error: null }),
      {
        name: 'gone',
        address: 'unix:///nonexistent/docker.sock',
        reachable: false,
        version: null,
        error: error.message,
      },
    ]);
  });

  it('returns the last log lines of both streams with their time, and searches them', async () => {
    const res = await svc.get('/api/docker/containers/local/ticker/logs?tail=6');
    expect(res.status).toBe(200);
    const { lines } = (await res.json()) as {
      lines: { stream: string; at: string; text: string }[];
    };
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((l) => l.stream))).toEqual(new Set(['stdout', 'stderr']));
    for (const l of lines) {
      expect(l.text).toMatch(/^(tick|warn) \d+$/);
      expect(Date.parse(l.at)).toBeGreaterThan(Date.now() - 60_000);
    }
    const since = lines.at(-1)!.at;
    const later = await svc.get(
      `/api/docker/containers/local/ticker/logs?tail=5000&since=${since}`,
    );
    const after = ((await later.json()) as { lines: { at: string }[] }).lines;
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((l) => l.at >= since)).toBe(true);
    const searched = await svc.get('/api/docker/containers/local/ticker/logs?tail=20&search=WARN');
    const found = ((await searched.json()) as { lines: { stream: string; text: string }[] }).lines;
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((l) => l.stream === 'stderr' && l.text.startsWith('warn'))).toBe(true);
  });

  it('follows the logs over server-sent events, showing lines printed after the request', async () => {
    const asked = Date.now();
    const res = await svc.get(
      '/api/docker/containers/local/ticker/logs?follow=true&tail=1&search=tick',
    );
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const sse = readSse(res);
    try {
      for (;;) {
        const line = JSON.parse((await sse.next(5_000)).data) as { text: string; at: string };
        expect(line.text).toMatch(/^tick \d+$/);
        if (Date.parse(line.at) > asked) break;
      }
    } finally {
      await sse.close();
    }
  });

  it('measures a container once or as a stream of figures', async () => {
    const once = await svc.get('/api/docker/containers/local/ticker/stats?stream=false');
    expect(once.status).toBe(200);
    const figures = (await once.json()) as Record<string, number>;
    expect(figures.memoryBytes).toBeGreaterThan(0);
    expect(figures.memoryLimitBytes).toBeGreaterThan(0);
    expect(figures.pids).toBeGreaterThanOrEqual(1);
    const sse = readSse(await svc.get('/api/docker/containers/local/ticker/stats'));
    try {
      for (let i = 0; i < 2; i++) {
        const sample = JSON.parse((await sse.next(5_000)).data) as Record<string, number>;
        expect(sample).toMatchObject({ cpuPercent: expect.any(Number), pids: expect.any(Number) });
        expect(sample.memoryBytes).toBeGreaterThan(0);
      }
    } finally {
      await sse.close();
    }
  });
  it('ends a followed log stream with a reason when the container is not running', async () => {
    const res = await svc.get('/api/docker/containers/local/never-started/logs?follow=true');
    const sse = readSse(res);
    try {
      const message = await sse.next(5_000);
      expect(message.event).toBe('error');
      expect(JSON.parse(message.data)).toEqual({
        error: { code: 'conflict', message: 'never-started is not running: its log stream ended' },
      });
    } finally {
      await sse.close();
    }
  });

  it('notices the engine going away and coming back, and announces changes after it', async () => {
    await engine.stop();
    const down = await svc.get('/api/docker/containers?host=local');
    expect(down.status).toBe(503);
    const { error } = (await down.json()) as { error: { message: string } };
    expect(error.message).toMatch(
      new RegExp(
        `^no Docker engine at unix://${engine.socket} \\((ENOENT|ECONNREFUSED)\\): start Docker`,
      ),
    );
    const before = seen.length;
    await engine.restart();
    const stateChanges = () =>
      seen
        .slice(before)
        .filter((e) => e.subject === STATE_EVENT)
        .map((e) => e.envelope.data as { name: string; to: string });
    // The engine stopped the ticker with it; starting it again is announced …
    expect((await act('ticker', 'start')).status).toBe(200);
    await eventually(async () => {
      expect(stateChanges()).toContainEqual(
        expect.objectContaining({ name: 'ticker', to: 'running' }),
      );
    }, 20_000);
    // … and so is what follows, from the events stream the watcher opened again.
    expect((await act('ticker', 'pause')).status).toBe(200);
    await eventually(async () => {
      expect(stateChanges()).toContainEqual(
        expect.objectContaining({ name: 'ticker', to: 'paused' }),
      );
    }, 20_000);
    expect((await act('ticker', 'unpause')).status).toBe(200);
  });
});
