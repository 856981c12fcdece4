import { randomUUID } from 'node:crypto';
import type { JetStreamClient, NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDurableConsumer, type ReceivedEvent } from '../src/consumers/durable-consumer.ts';
import { events } from '../src/contracts/registry.ts';
import { STREAMS } from '../src/contracts/streams.ts';
import { makeEnvelope } from '../src/envelope.ts';
import { startOutboxRelay } from '../src/outbox/relay.ts';
import { ensureStreams } from '../src/streams.ts';
import { createBusDatabase, type BusDatabase } from './helpers/bus-database.ts';
import { FACTS_TABLE, writeFact } from './helpers/facts.ts';
import {
  eventually,
  readStream,
  startTestBus,
  streamMessageCount,
  type TestBus,
} from './helpers/nats.ts';

const STREAM = STREAMS.streambot.events;
const APPLIED = 'CREATE TABLE applied (event_id UUID NOT NULL, delivery INT NOT NULL);';
let bus: TestBus;
let streambot: NatsConnection;
let dashboard: NatsConnection;
let js: JetStreamClient;
let consumerDb: BusDatabase;

beforeAll(async () => {
  [bus, consumerDb] = await Promise.all([startTestBus(), createBusDatabase('consumers', APPLIED)]);
  streambot = await bus.connect('streambot');
  dashboard = await bus.connect('dashboard');
  await ensureStreams(streambot, 'streambot');
  await ensureStreams(dashboard, 'dashboard');
  js = streambot.jetstream();
});
afterAll(async () => {
  await Promise.all([bus?.dispose(), consumerDb?.dispose()]);
});

const fact = () =>
  makeEnvelope(events.factCreated, { ...events.factCreated.example, factId: randomUUID() });
const publish = (subject: string, body: string | object, msgID?: string) =>
  js.publish(
    subject,
    typeof body === 'string' ? body : JSON.stringify(body),
    msgID ? { msgID } : {},
  );

async function appliedCount(eventId: string): Promise<number> {
  const rows = await consumerDb.db.query('SELECT 1 FROM applied WHERE event_id = $1', [eventId]);
  return rows.length;
}

function recordingHandler(extra?: (e: ReceivedEvent) => Promise<void>) {
  return async (e: ReceivedEvent, tx: import('../src/db/sql.ts').SqlClient) => {
    await tx.execute('INSERT INTO applied (event_id, delivery) VALUES ($1, $2)', [
      e.envelope.id,
      e.deliveryCount,
    ]);
    await extra?.(e);
  };
}

describe('deduplication', () => {
  it('drops a re-published event with the same id (Nats-Msg-Id)', async () => {
    const e = fact();
    const first = await publish(events.factCreated.subject, e, e.id);
    const before = await streamMessageCount(dashboard, STREAM);
    const again = await publish(events.factCreated.subject, e, e.id);
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(first.seq);
    expect(await streamMessageCount(dashboard, STREAM)).toBe(before);
  });

  it('adds no second message when the relay publishes a row again after a lost commit', async () => {
    const d = await createBusDatabase('relay_again', FACTS_TABLE);
    const relay = startOutboxRelay({ nc: streambot, db: d.db, pollIntervalMs: 20 });
    try {
      const id = await writeFact(d.db, 'agg-again');
      await eventually(() => relay.stats().published === 1, 'first publish');
      const before = await streamMessageCount(dashboard, STREAM);
      // What a crash between the acks and the commit leaves behind.
      await d.db.execute('UPDATE outbox_events SET published_at = NULL WHERE id = $1', [id]);
      relay.kick();
      await eventually(() => relay.stats().published === 2, 'second publish');
      expect(await streamMessageCount(dashboard, STREAM)).toBe(before);
      expect((await readStream(dashboard, STREAM)).filter((m) => m.msgId === id)).toHaveLength(1);
    } finally {
      await relay.stop();
      await d.dispose();
    }
  });

  it('applies an event redelivered after its ack wait expired only once', async () => {
    const e = fact();
    let calls = 0;
    const consumer = await startDurableConsumer({
      nc: dashboard,
      service: 'dashboard',
      stream: STREAM,
      durable: 'ack-wait',
      filterSubject: events.factCreated.subject,
      db: consumerDb.db,
      ackWaitMs: 1000,
      handler: recordingHandler(async (ev) => {
        // The first delivery outlives its ack wait, so the server sends it again.
        if (ev.envelope.id === e.id && ++calls === 1) await new Promise((r) => setTimeout(r, 1600));
      }),
    });
    try {
      await publish(events.factCreated.subject, e, e.id);
      await eventually(() => consumer.stats().duplicates >= 1, 'the redelivery to be seen', 15_000);
      expect(await appliedCount(e.id)).toBe(1);
      expect(calls).toBe(1);
    } finally {
      await consumer.stop();
    }
  });

  it('retries a failed handler after a nak and applies the event once', async () => {
    const e = fact();
    let failures = 0;
    const consumer = await startDurableConsumer({
      nc: dashboard,
      service: 'dashboard',
      stream: STREAM,
      durable: 'nak-retry',
      filterSubject: events.factCreated.subject,
      db: consumerDb.db,
      retryDelayMs: 100,
      handler: recordingHandler(async (ev) => {
        if (ev.envelope.id === e.id && ev.deliveryCount === 1) {
          failures++;
          throw new Error('database hiccup');
        }
      }),
    });
    try {
      await publish(events.factCreated.subject, e, e.id);
      await eventually(async () => (await appliedCount(e.id)) === 1, 'the retried event');
      const [row] = await consumerDb.db.query<{ delivery: number }>(
        'SELECT delivery FROM applied WHERE event_id = $1',
        [e.id],
      );
      expect(row?.delivery).toBe(2);
      expect(failures).toBe(1);
      expect(consumer.stats().failed).toBe(1);
    } finally {
      await consumer.stop();
    }
  });
});
