// System health end to end: the dashboard's probe against a stand-in
// discord-bot (a query service of its own here) on this file's nats-server,
// stream-bot's stream filled by its owner, the probe's rows in Postgres, its
// health.changed events on JetStream, and the HTTP answers the UI charts.
import os from 'node:os';
import { AckPolicy } from 'nats';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeBus,
  ensureStreams,
  events,
  makeEnvelope,
  queries,
  startQueryService,
  STREAMS,
  type QueryService,
  type SubscribedEvent,
} from '@homelab/nats';
import type { NatsConnection } from 'nats';
import {
  connectAs,
  eventually,
  watchEvents,
  type EventWatch,
} from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';

interface Summary {
  checkedAt: string;
  status: string;
  targets: { target: string; status: string; details: string | null; latencyMs: number | null }[];
  services: {
    name: string;
    instances: {
      version: string;
      startedAt: string;
      uptimeSeconds: number;
      pingMs: number;
      endpoints: { subject: string; requests: number }[];
    }[];
  }[];
  host: { hostname: string; cpu: { cores: number } } | null;
  nats: {
    connected: boolean;
    rttMs: number | null;
    streams: {
      name: string;
      messages: number;
      lastSeq: number;
      error: string | null;
      consumers: { name: string; pending: number; ackPending: number }[];
    }[];
  };
}

interface History {
  target: string;
  points: { at: string; status: string; details: Record<string, unknown> }[];
}

let dashboard: TestService;
let discordNc: NatsConnection;
let streambotNc: NatsConnection;
let discord: QueryService | undefined;
let watch: EventWatch;
const seen: SubscribedEvent[] = [];

const summary = async () => (await (await dashboard.get('/api/health')).json()) as Summary;
const statusOf = (s: Summary, target: string) => s.targets.find((t) => t.target === target)?.status;

async function sql(text: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: dashboard.database?.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

const DISCORD_VERSION = '2.3.4-health';

/** A discord-bot on the bus: only its query service, answering guilds.list. */
async function startDiscord() {
  discord = await startQueryService(discordNc, {
    service: 'discord',
    version: DISCORD_VERSION,
    handlers: { [queries.guildsList.subject]: async () => ({ guilds: [] }) },
  });
}

/** Publishes a fact.created event as stream-bot, the stream's owner. */
async function publishFact(text: string) {
  const envelope = makeEnvelope(events.factCreated, {
    factId: randomUUID(),
    text,
    source: 'manual',
  });
  await streambotNc
    .jetstream()
    .publish(events.factCreated.subject, JSON.stringify(envelope), { msgID: envelope.id });
}

beforeAll(async () => {
  discordNc = await connectAs('discord');
  streambotNc = await connectAs('streambot');
  await ensureStreams(streambotNc, 'streambot');
  await startDiscord();
  dashboard = await startTestService();
  watch = await watchEvents(STREAMS.dashboard.events, seen);
});
afterAll(async () => {
  await watch?.stop();
  await dashboard?.stop();
  await discord?.stop();
  await closeBus(discordNc);
  await closeBus(streambotNc);
});

describe('a health probe round', () => {
  it('stores service, host and NATS checks and shows versions and uptimes', async () => {
    await dashboard.service.probeHealth();
    const health = await summary();
    expect(statusOf(health, 'service:discord')).toBe('healthy');
    expect(statusOf(health, 'service:dashboard')).toBe('healthy');
    expect(statusOf(health, 'service:streambot')).toBe('unhealthy');
    expect(statusOf(health, 'nats')).toBe('healthy');
    expect(statusOf(health, 'host')).toMatch(/healthy|degraded/);
    // stream-bot answers nothing here, so the whole is unhealthy.
    expect(health.status).toBe('unhealthy');

    const [instance, more] = health.services.find((s) => s.name === 'discord')?.instances ?? [];
    expect(more).toBeUndefined();
    expect(instance?.version).toBe(DISCORD_VERSION);
    expect(Date.parse(instance?.startedAt ?? '')).toBeLessThanOrEqual(Date.now());
    expect(instance?.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(instance?.pingMs).toBeGreaterThanOrEqual(0);
    expect(instance?.endpoints.map((e) => e.subject)).toEqual([queries.guildsList.subject]);
    expect(health.host?.hostname).toBe(os.hostname());
    expect(health.nats.connected).toBe(true);
    expect(health.nats.rttMs).toBeGreaterThanOrEqual(0);

    const rows = await sql(
      'SELECT target, count(*)::int AS n FROM health_checks GROUP BY target ORDER BY target',
    );
    expect(rows.map((r) => r.target)).toEqual([
      'host',
      'nats',
      'service:dashboard',
      'service:discord',
      'service:streambot',
    ]);
  });

  it('announces a service that stops with health.changed and calls it unhealthy', async () => {
    await discord?.stop();
    discord = undefined;
    await dashboard.service.probeHealth();
    expect(statusOf(await summary(), 'service:discord')).toBe('unhealthy');
    const changed = await eventually(async () => {
      const hit = seen.find(
        (e) =>
          e.envelope.type === 'health.changed' &&
          (e.envelope.data as { target: string }).target === 'service:discord' &&
          (e.envelope.data as { to: string }).to === 'unhealthy',
      );
      if (!hit) throw new Error('no health.changed for discord-bot yet');
      return hit.envelope.data;
    });
    expect(changed).toMatchObject({ from: 'healthy', details: 'no instance answered the ping' });
    await startDiscord();
  });

  it('lists each stream with its consumers and how far behind they are', async () => {
    for (const text of ['one', 'two', 'three']) await publishFact(text);
    // A durable consumer of the dashboard's own that has read nothing yet.
    const jsm = await watch.nc.jetstreamManager();
    await jsm.consumers.add(STREAMS.streambot.events, {
      durable_name: 'health-test',
      ack_policy: AckPolicy.Explicit,
    });
    await dashboard.service.probeHealth();
    const { nats } = await summary();
    const stream = nats.streams.find((s) => s.name === 'STREAMBOT_EVENTS');
    expect(stream?.error).toBeNull();
    expect(stream?.messages).toBeGreaterThanOrEqual(3);
    const consumer = stream?.consumers.find((c) => c.name === 'health-test');
    expect(consumer).toMatchObject({ pending: stream?.lastSeq, ackPending: 0 });
    // discord-bot's stand-in made no streams on this server: reported, not thrown.
    expect(nats.streams.find((s) => s.name === 'DISCORD_EVENTS')?.error).toMatch(/not found/);
    expect(nats.streams.map((s) => s.name)).toContain('DASHBOARD_DLQ');
  });
});

describe('the host figures', () => {
  it('are measured on request', async () => {
    const res = await dashboard.get('/api/health/host');
    expect(res.status).toBe(200);
    const host = (await res.json()) as {
      hostname: string;
      cpu: { cores: number; percent: number | null };
      memory: { totalBytes: number; percent: number };
      disks: { path: string; totalBytes: number }[];
      load: number[];
    };
    expect(host.hostname).toBe(os.hostname());
    expect(host.cpu.cores).toBeGreaterThan(0);
    expect(host.cpu.percent).toBeGreaterThanOrEqual(0);
    expect(host.memory.totalBytes).toBeGreaterThan(0);
    expect(host.disks.map((d) => d.path)).toEqual(['/']);
    expect(host.load).toHaveLength(3);
  });
});

describe('health history', () => {
  it('returns the points of the hours asked for, oldest first, with the host figures', async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    for (const [h, status] of [
      [30, 'healthy'],
      [3, 'degraded'],
      [2.5, 'healthy'],
    ] as const) {
      await sql(
        `INSERT INTO health_checks (target, status, details, checked_at)
         VALUES ('host', $1, '{"message":"old","cpuPercent":1}', $2)`,
        [status, hoursAgo(h)],
      );
    }
    const recent = (await (
      await dashboard.get('/api/health/history?target=host&hours=1')
    ).json()) as History;
    expect(recent.points.length).toBeGreaterThanOrEqual(1);
    expect(recent.points.every((p) => Date.parse(p.at) > hoursAgo(1).getTime())).toBe(true);
    expect(Object.keys(recent.points.at(-1)?.details ?? {})).toEqual(
      expect.arrayContaining([
        'cpuPercent',
        'memoryPercent',
        'load1',
        'diskPercent',
        'rxBytesPerSec',
        'txBytesPerSec',
      ]),
    );

    const day = (await (
      await dashboard.get('/api/health/history?target=host&hours=4')
    ).json()) as History;
    expect(day.points.slice(0, 2).map((p) => p.status)).toEqual(['degraded', 'healthy']);
    const times = day.points.map((p) => Date.parse(p.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const week = (await (
      await dashboard.get('/api/health/history?target=host&hours=48')
    ).json()) as History;
    expect(week.points).toHaveLength(day.points.length + 1);
  });

  it('thins a long history out to about 500 points and keeps every status change', async () => {
    // 5000 checks over the last 5000 minutes, one of them a blip.
    await sql(
      `INSERT INTO health_checks (target, status, details, checked_at)
       SELECT 'thin-test', CASE WHEN i = 1234 THEN 'unhealthy' ELSE 'healthy' END, '{}',
              now() - make_interval(mins => i)
       FROM generate_series(1, 5000) AS i`,
    );
    const res = await dashboard.get('/api/health/history?target=thin-test&hours=336');
    const { points } = (await res.json()) as History;
    expect(points.length).toBeGreaterThan(400);
    expect(points.length).toBeLessThanOrEqual(510);
    expect(points.filter((p) => p.status === 'unhealthy')).toHaveLength(1);
    const times = points.map((p) => Date.parse(p.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it.each([
    ['no target', '/api/health/history?hours=2'],
    ['hours below one', '/api/health/history?target=host&hours=0'],
    ['hours past two weeks', '/api/health/history?target=host&hours=337'],
    ['hours not a number', '/api/health/history?target=host&hours=abc'],
    ['a target with spaces', '/api/health/history?target=a%20b'],
  ])('answers 400 for %s', async (_what, path) => {
    const res = await dashboard.get(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).not.toBe('');
  });

  it('needs a session', async () => {
    expect((await dashboard.anonymous('/api/health')).status).toBe(401);
  });
});
