import { randomUUID } from 'node:crypto';
import type { JetStreamClient, NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { deadLetterSubject, DLQ_HEADERS } from '../src/consumers/dead-letter.ts';
import { startDurableConsumer } from '../src/consumers/durable-consumer.ts';
import { events } from '../src/contracts/registry.ts';
import { STREAMS } from '../src/contracts/streams.ts';
import { makeEnvelope } from '../src/envelope.ts';
import { ensureStreams } from '../src/streams.ts';
import { createBusDatabase, type BusDatabase } from './helpers/bus-database.ts';
import { eventually, startTestBus, type TestBus } from './helpers/nats.ts';

let bus: TestBus;
let streambot: NatsConnection;
let dashboard: NatsConnection;
let js: JetStreamClient;
let consumerDb: BusDatabase;

beforeAll(async () => {
  [bus, consumerDb] = await Promise.all([
    startTestBus(),
    createBusDatabase('dlq', 'CREATE TABLE applied (event_id UUID NOT NULL);'),
  ]);
  streambot = await bus.connect('streambot');
  dashboard = await bus.connect('dashboard');
  await ensureStreams(streambot, 'streambot');
  await ensureStreams(dashboard, 'dashboard');
  js = streambot.jetstream();
});
afterAll(async () => {
  await Promise.all([bus?.dispose(), consumerDb?.dispose()]);
});

interface DeadLetter {
  subject: string;
  headers: Record<string, string>;
  body: string;
}

async function deadLetters(durable: string): Promise<DeadLetter[]> {
  const jsm = await dashboard.jetstreamManager();
  const info = await jsm.streams.info(STREAMS.dashboard.dlq);
  const out: DeadLetter[] = [];
  for (
    let seq = info.state.first_seq;
    seq <= info.state.last_seq && info.state.messages > 0;
    seq++
  ) {
    const m = await jsm.streams.getMessage(STREAMS.dashboard.dlq, { seq });
    if (!m.subject.endsWith(`.${durable}`)) continue;
    const headers = Object.fromEntries(Object.values(DLQ_HEADERS).map((h) => [h, m.header.get(h)]));
    out.push({ subject: m.subject, headers, body: new TextDecoder().decode(m.data) });
  }
  return out;
}

it('dead-letters malformed events with their reason and original payload, and keeps consuming', async () => {
  const good = makeEnvelope(events.factCreated, {
    ...events.factCreated.example,
    factId: randomUUID(),
  });
  const bad: [string, string, RegExp][] = [
    [events.factCreated.subject, '{"id": "broken', /not UTF-8 JSON/],
    ['streambot.evt.fact.vanished.v1', JSON.stringify(good), /no contract is registered/],
    [
      events.factCreated.subject,
      JSON.stringify({ ...good, id: randomUUID(), data: { ...good.data, text: '' } }),
      /payload is invalid for fact\.created v1: text: /,
    ],
  ];
  for (const [subject, body] of bad) await js.publish(subject, body);
  await js.publish(events.factCreated.subject, JSON.stringify(good), { msgID: good.id });

  const consumer = await startDurableConsumer({
    nc: dashboard,
    service: 'dashboard',
    stream: STREAMS.streambot.events,
    durable: 'dlq-malformed',
    db: consumerDb.db,
    handler: async (e, tx) => {
      await tx.execute('INSERT INTO applied (event_id) VALUES ($1)', [e.envelope.id]);
    },
  });
  try {
    await eventually(() => consumer.stats().handled === 1, 'the good event after the bad ones');
    expect(consumer.stats()).toEqual({ handled: 1, duplicates: 0, deadLettered: 3, failed: 0 });
    const letters = await eventually(async () => {
      const l = await deadLetters('dlq-malformed');
      return l.length === 3 ? l : undefined;
    }, 'three dead letters');
    letters.forEach((letter, i) => {
      const [subject, body, reason] = bad[i] ?? ['', '', /^$/];
      expect(letter.subject).toBe(
        deadLetterSubject('dashboard', STREAMS.streambot.events, 'dlq-malformed'),
      );
      expect(letter.headers[DLQ_HEADERS.reason]).toMatch(reason);
      expect(letter.headers[DLQ_HEADERS.subject]).toBe(subject);
      expect(letter.headers[DLQ_HEADERS.stream]).toBe(STREAMS.streambot.events);
      expect(Number(letter.headers[DLQ_HEADERS.sequence])).toBe(i + 1);
      expect(letter.body).toBe(body);
    });
    const applied = await consumerDb.db.query<{ event_id: string }>('SELECT event_id FROM applied');
    expect(applied.map((r) => r.event_id)).toEqual([good.id]);
  } finally {
    await consumer.stop();
  }
});

it('dead-letters an event whose handler keeps failing after maxDeliver attempts', async () => {
  const poison = makeEnvelope(events.botStatusChanged, { connected: false, channels: [] });
  const after = makeEnvelope(events.botStatusChanged, {
    connected: true,
    channels: ['homelab_live'],
  });
  await js.publish(events.botStatusChanged.subject, JSON.stringify(poison), { msgID: poison.id });
  await js.publish(events.botStatusChanged.subject, JSON.stringify(after), { msgID: after.id });
  const attempts: number[] = [];
  const consumer = await startDurableConsumer({
    nc: dashboard,
    service: 'dashboard',
    stream: STREAMS.streambot.events,
    durable: 'dlq-poison',
    filterSubject: events.botStatusChanged.subject,
    db: consumerDb.db,
    maxDeliver: 3,
    retryDelayMs: 50,
    handler: async (e, tx) => {
      if (e.envelope.id === poison.id) {
        attempts.push(e.deliveryCount);
        throw new Error('cannot apply a disconnected status');
      }
      await tx.execute('INSERT INTO applied (event_id) VALUES ($1)', [e.envelope.id]);
    },
  });
  try {
    await eventually(() => consumer.stats().deadLettered === 1, 'the poison event in the DLQ');
    expect(attempts).toEqual([1, 2, 3]);
    expect(consumer.stats()).toMatchObject({ handled: 1, failed: 3, deadLettered: 1 });
    const [letter] = await deadLetters('dlq-poison');
    expect(letter?.headers[DLQ_HEADERS.reason]).toBe(
      'handler failed 3 times, last: cannot apply a disconnected status',
    );
    expect(letter?.headers[DLQ_HEADERS.deliveries]).toBe('3');
    expect(JSON.parse(letter?.body ?? '{}')).toEqual(poison);
    // Nothing was written for the poison event: each failed attempt rolled back.
    const rows = await consumerDb.db.query('SELECT 1 FROM processed_events WHERE event_id = $1', [
      poison.id,
    ]);
    expect(rows).toHaveLength(0);
  } finally {
    await consumer.stop();
  }
});

it('keeps retrying instead of dead-lettering while the database is down', async () => {
  const outage = await createBusDatabase(
    'dlq_outage',
    'CREATE TABLE applied (event_id UUID NOT NULL);',
  );
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  const consumer = await startDurableConsumer({
    nc: dashboard,
    service: 'dashboard',
    stream: STREAMS.streambot.events,
    durable: 'dlq-outage',
    filterSubject: events.factCreated.subject,
    db: outage.db,
    maxDeliver: 2,
    retryDelayMs: 50,
    handler: async (e, tx) => {
      await tx.execute('INSERT INTO applied (event_id) VALUES ($1)', [e.envelope.id]);
    },
  });
  try {
    const warmUp = makeEnvelope(events.factCreated, {
      ...events.factCreated.example,
      factId: randomUUID(),
    });
    await js.publish(events.factCreated.subject, JSON.stringify(warmUp), { msgID: warmUp.id });
    await eventually(
      async () =>
        (await outage.db.query('SELECT 1 FROM applied WHERE event_id = $1', [warmUp.id])).length,
      'the warm-up event',
    );
    await new Promise((r) => setTimeout(r, 100));
    const base = consumer.stats();
    await admin.query(`ALTER DATABASE "${outage.database}" WITH ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      outage.database,
    ]);
    const e = makeEnvelope(events.factCreated, {
      ...events.factCreated.example,
      factId: randomUUID(),
    });
    await js.publish(events.factCreated.subject, JSON.stringify(e), { msgID: e.id });
    await eventually(() => consumer.stats().failed >= base.failed + 4, 'failures past maxDeliver');
    expect(consumer.stats().deadLettered).toBe(base.deadLettered);

    await admin.query(`ALTER DATABASE "${outage.database}" WITH ALLOW_CONNECTIONS true`);
    await eventually(
      () => consumer.stats().handled === base.handled + 1,
      'the event after the outage',
      20_000,
    );
    const rows = await outage.db.query('SELECT 1 FROM applied WHERE event_id = $1', [e.id]);
    expect(rows).toHaveLength(1);
  } finally {
    await consumer.stop();
    await admin
      .query(`ALTER DATABASE "${outage.database}" WITH ALLOW_CONNECTIONS true`)
      .catch(() => undefined);
    await admin.end();
    await outage.dispose();
  }
});
