// Fuzz of the dashboard's NATS side (tools/fuzz-nats):
// - its query subject (health.summary): malformed requests as a user allowed to ask, each
//   answered with a 400 error reply, none a 5xx or silence, nothing written;
// - every event subject it consumes (all three services' events streams, for its read models
//   and the live feed): malformed events published as the owner's NATS user into the owner's
//   stream. The dashboard reads them through ordered consumers (no DLQ by design): each is
//   dropped with an "invalid event skipped" log line. Afterwards the dashboard is up, its read
//   models hold exactly what they held, the live feed (SSE, and a resume that reads the streams
//   through every malformed message) carries none of them, and a valid event sent after them
//   is applied. FUZZ_RUNS sets the runs per subject (queries; events get a third).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  closeBus,
  ensureStreams,
  eventContracts,
  events,
  makeEnvelope,
  SERVICE_NAMES,
  STREAMS,
  type EventContract,
  type ServiceName,
} from '@homelab/nats';
import { createLogger } from '@homelab/nats/runtime';
import fc from 'fast-check';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hugeEvents, malformedEvents, publishRaw } from '../../tools/fuzz-nats/events.ts';
import { fuzzRuns, fuzzSeed } from '../../tools/fuzz-nats/payloads.ts';
import { runQuerySuite } from '../../tools/fuzz-nats/query-suite.ts';
import {
  connectAs,
  cookieHeader,
  eventually,
  serviceHarness,
  type TestService as TestServiceOf,
} from '../../tools/test-env/service-harness.ts';
import { loadConfig } from '../src/config.ts';
import { startService, type RunningService } from '../src/service.ts';
import { GUILD_ID, PETE, standInDiscord } from './stand-in-discord.ts';
import { standInStreambot } from './stand-in-streambot.ts';
import { openSse, type SseReader } from './sse.ts';

const USERNAME = 'admin';
const PASSWORD = 'test-password-not-secret';

/** The dashboard's log, as JSON lines (warn and up). */
const logLines: string[] = [];

// The dashboard as test/harness.ts runs it, but with a logger whose lines this file reads.
const { startTestService } = serviceHarness<RunningService>({
  user: 'dashboard',
  env: {
    HEALTH_PROBE_INTERVAL_MS: '600000',
    WEB_USERNAME: USERNAME,
    WEB_PASSWORD: PASSWORD,
    // Small, so a resume from before the fuzz is read from the streams themselves.
    EVENT_FEED_SIZE: '5',
  },
  start: (env) =>
    startService(
      loadConfig({
        ARTIFACTS_DIR: mkdtempSync(path.join(os.tmpdir(), 'dashboard-artifacts-')),
        ...env,
      }),
      createLogger(
        { level: 'warn', service: 'dashboard', version: 'test' },
        { write: (line: string) => void logLines.push(line) },
      ),
    ),
  async ready(svc) {
    const res = await svc.post('/api/auth/login', { username: USERNAME, password: PASSWORD });
    if (res.status !== 200) throw new Error(`test login failed: ${res.status}`);
  },
});

let dashboard: TestServiceOf<RunningService>;
let streambot: Awaited<ReturnType<typeof standInStreambot>>;
let discord: Awaited<ReturnType<typeof standInDiscord>>;
const owners = new Map<ServiceName, NatsConnection>();

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

beforeAll(async () => {
  streambot = await standInStreambot(() => connectAs('streambot'));
  streambot.setFacts([
    { factId: randomUUID(), text: 'Honey never spoils.', source: 'manual', createdAt: ago(60) },
  ]);
  streambot.setStatus({ connected: true, channels: ['homelab_live'], connectedSince: ago(600) });
  await streambot.answer();
  discord = await standInDiscord(() => connectAs('discord'));
  discord.state.tickets.push({
    ticketId: randomUUID(),
    guildId: GUILD_ID,
    subject: 'Plex is buffering',
    status: 'open',
    openedBy: PETE,
    claimedBy: null,
    openedAt: ago(3600),
    closedAt: null,
  });
  await discord.answer();
  for (const s of SERVICE_NAMES) {
    const nc = await connectAs(s);
    await ensureStreams(nc, s);
    owners.set(s, nc);
  }
  dashboard = await startTestService();
}, 60_000);

afterAll(async () => {
  await dashboard?.stop();
  for (const nc of owners.values()) await closeBus(nc);
  await streambot?.close();
  await discord?.close();
});

it('answers every malformed request on its query subject with an error reply and writes nothing', async () => {
  const url = dashboard.database?.url;
  if (!url) throw new Error('the fuzz test needs a Postgres database');
  await runQuerySuite({ owner: 'dashboard', databaseUrl: url, runs: fuzzRuns(1500), hugeRuns: 20 });
}, 180_000);

/** The read models' data, as the dashboard's API serves it. */
const VIEWS = [
  '/api/facts/latest',
  '/api/facts',
  '/api/streambot/status',
  '/api/discord/tickets',
  '/api/discord/guilds',
  '/api/discord/moderation',
];

async function readViews(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const v of VIEWS) {
    const res = await dashboard.get(v);
    if (res.status !== 200) throw new Error(`${v}: ${res.status} ${await res.text()}`);
    // The latest fact's view calls its data `fact`; the others `data`.
    const body = (await res.json()) as { data?: unknown; fact?: unknown };
    out[v] = 'fact' in body ? body.fact : body.data;
  }
  return out;
}

async function lastSeq(service: ServiceName): Promise<number> {
  const jsm = await owners.get(service)!.jetstreamManager();
  return (await jsm.streams.info(STREAMS[service].events)).state.last_seq;
}

interface FeedMessage {
  id: string;
  service: string;
  seq: number;
  eventId: string;
}

/** Collects every feed event an open SSE stream delivers, until closed. */
function collect(sse: SseReader, into: FeedMessage[]): void {
  void (async () => {
    for (;;) {
      const msg = await sse.next(120_000).catch(() => undefined);
      if (!msg) return;
      if (!msg.event) into.push(JSON.parse(msg.data) as FeedMessage);
    }
  })();
}

/** `invalid event skipped` lines the dashboard logged for a stream, by sequence. */
function skippedSeqs(stream: string): Set<number> {
  const seqs = new Set<number>();
  for (const line of logLines) {
    const entry = JSON.parse(line) as { msg?: string; stream?: string; seq?: number };
    if (entry.msg === 'invalid event skipped' && entry.stream === stream && entry.seq) {
      seqs.add(entry.seq);
    }
  }
  return seqs;
}

it('drops every malformed event of every subject, keeps its read models and feed, and applies the next valid event', async () => {
  // The read models have their owners' answers.
  const before = await eventually(async () => {
    const views = await readViews();
    expect((views['/api/discord/tickets'] as { tickets: unknown[] }).tickets).toHaveLength(1);
    return views;
  }, 20_000);
  const cursor = (
    await Promise.all(SERVICE_NAMES.map(async (s) => `${s}:${await lastSeq(s)}`))
  ).join(',');
  const sseOptions = { headers: { cookie: cookieHeader(dashboard.cookies) } };
  const live = await openSse(`${dashboard.service.url}/api/events/stream?replay=0`, sseOptions);
  const liveSeen: FeedMessage[] = [];
  collect(live, liveSeen);

  const runs = Math.max(1, Math.floor(fuzzRuns(1500) / 3));
  const seed = fuzzSeed().seed ?? Math.floor(Math.random() * 2 ** 31);
  const stored = new Map<ServiceName, Set<number>>(SERVICE_NAMES.map((s) => [s, new Set()]));
  const counts: Record<string, { sent: number; stored: number; refused: number }> = {};
  const started = performance.now();
  try {
    for (const [i, contract] of eventContracts.entries()) {
      const js = owners.get(contract.owner)!.jetstream();
      const c = (counts[contract.subject] = { sent: 0, stored: 0, refused: 0 });
      const messages = [
        ...fc.sample(malformedEvents(contract), { numRuns: runs, seed: seed + i }),
        ...fc.sample(hugeEvents(contract), { numRuns: 2, seed: seed + i }),
      ];
      for (const m of messages) {
        const outcome = await publishRaw(js, contract.subject, m);
        c.sent++;
        if (outcome.kind === 'stored') {
          c.stored++;
          stored.get(contract.owner)!.add(outcome.seq);
        } else if (outcome.kind === 'refused') c.refused++;
      }
      expect(c.stored).toBeGreaterThan(c.sent / 2);
    }
  } catch (err) {
    throw new Error(`event fuzz failed (FUZZ_SEED=${seed} replays it): ${String(err)}`);
  }
  const publishMs = performance.now() - started;

  // Each stored malformed event was dropped with its log line (the consumer went through all).
  for (const s of SERVICE_NAMES) {
    const want = stored.get(s)!;
    await eventually(async () => {
      const got = skippedSeqs(STREAMS[s].events);
      const missing = [...want].filter((seq) => !got.has(seq));
      if (missing.length > 0) throw new Error(`${s}: ${missing.length} not skipped yet`);
    }, 60_000);
  }
  expect((await dashboard.anonymous('/readyz')).status).toBe(200);
  // Nothing of them reached a read model or the feed.
  expect(await readViews()).toEqual(before);
  const fuzzed = (e: FeedMessage) => stored.get(e.service as ServiceName)?.has(e.seq) ?? false;
  const recent = (await (await dashboard.get('/api/events/recent?limit=500')).json()) as {
    events: FeedMessage[];
  };
  expect(recent.events.filter(fuzzed)).toEqual([]);

  // A valid event of each stream after them is applied.
  const factText = `After the fuzz ${randomUUID()}`;
  const ticketId = randomUUID();
  const valid: [EventContract, unknown][] = [
    [events.factCreated, { factId: randomUUID(), text: factText, source: 'manual' }],
    [
      events.ticketOpened,
      {
        ticketId,
        guildId: GUILD_ID,
        channelId: '1122334455667788990',
        openedBy: PETE,
        subject: 'after the fuzz',
      },
    ],
    [events.containerStateChanged, events.containerStateChanged.example],
  ];
  const validIds: string[] = [];
  for (const [contract, data] of valid) {
    const envelope = makeEnvelope(contract, data as never);
    await owners
      .get(contract.owner)!
      .jetstream()
      .publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id });
    validIds.push(envelope.id);
  }
  await eventually(async () => {
    const views = await readViews();
    expect(views['/api/facts/latest']).toMatchObject({ text: factText });
    expect(
      (views['/api/discord/tickets'] as { tickets: { ticketId: string }[] }).tickets,
    ).toContainEqual(expect.objectContaining({ ticketId }));
  }, 20_000);
  await eventually(async () => {
    expect(liveSeen.map((e) => e.eventId)).toEqual(expect.arrayContaining(validIds));
  }, 20_000);
  expect(liveSeen.filter(fuzzed)).toEqual([]);
  await live.close();

  // A browser that resumes from before the fuzz is served from the streams: the valid events only.
  const resumed = await openSse(`${dashboard.service.url}/api/events/stream`, {
    ...sseOptions,
    lastEventId: cursor,
  });
  const resumedSeen: FeedMessage[] = [];
  collect(resumed, resumedSeen);
  await eventually(async () => {
    expect(resumedSeen.map((e) => e.eventId)).toEqual(expect.arrayContaining(validIds));
  }, 20_000);
  expect(resumedSeen.filter(fuzzed)).toEqual([]);
  await resumed.close();

  const total = Object.values(counts).reduce((n, c) => n + c.sent, 0);
  console.info(
    `fuzz-nats dashboard events: ${total} sent to ${eventContracts.length} subjects in ` +
      `${Math.round(publishMs)} ms (seed ${seed}): ${JSON.stringify(counts)}`,
  );
}, 240_000);
