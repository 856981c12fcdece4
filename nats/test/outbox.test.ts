import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAMS } from '../src/contracts/streams.ts';
import { startOutboxRelay } from '../src/outbox/relay.ts';
import { ensureStreams } from '../src/streams.ts';
import { createBusDatabase, type BusDatabase } from './helpers/bus-database.ts';
import { FACTS_TABLE, RolledBack, writeFact } from './helpers/facts.ts';
import {
  eventually,
  readStream,
  startTestBus,
  streamMessageCount,
  type TestBus,
} from './helpers/nats.ts';
import { pgDatabase } from './helpers/pg-database.ts';

const STREAM = STREAMS.streambot.events;
let bus: TestBus;
let streambot: NatsConnection;
let dashboard: NatsConnection;

beforeAll(async () => {
  bus = await startTestBus();
  streambot = await bus.connect('streambot');
  dashboard = await bus.connect('dashboard');
});
afterAll(async () => {
  await bus?.dispose();
});

async function freshPublisher(): Promise<BusDatabase> {
  return createBusDatabase('outbox', FACTS_TABLE);
}

async function unpublished(d: BusDatabase): Promise<number> {
  const [row] = await d.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL',
  );
  return Number(row?.n);
}

/** Stream messages grouped by aggregate, each list in stream order, as outbox seqs. */
async function outboxSeqsByAggregate(d: BusDatabase, nc: NatsConnection) {
  const rows = await d.db.query<{ id: string; seq: string; aggregate_id: string }>(
    'SELECT id, seq, aggregate_id FROM outbox_events',
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const grouped = new Map<string, number[]>();
  for (const m of await readStream(nc, STREAM)) {
    const row = byId.get(m.msgId ?? '');
    if (!row) continue;
    const list = grouped.get(row.aggregate_id) ?? [];
    list.push(Number(row.seq));
    grouped.set(row.aggregate_id, list);
  }
  return grouped;
}

describe('the outbox relay', () => {
  it('retries with back-off while the stream is missing and records attempts, then catches up', async () => {
    const d = await freshPublisher();
    const relay = startOutboxRelay({
      nc: streambot,
      db: d.db,
      pollIntervalMs: 50,
      publishTimeoutMs: 500,
      maxBackoffMs: 200,
    });
    try {
      const id = await writeFact(d.db, 'agg-missing-stream');
      await eventually(() => relay.stats().failed >= 2, 'two failed passes');
      const [row] = await d.db.query<{
        attempts: number;
        last_error: string | null;
        published_at: Date | null;
      }>('SELECT attempts, last_error, published_at FROM outbox_events WHERE id = $1', [id]);
      expect(row?.attempts).toBeGreaterThanOrEqual(2);
      expect(row?.last_error).toBeTruthy();
      expect(row?.published_at).toBeNull();
      expect(relay.stats().lastError).toBe(row?.last_error);

      await ensureStreams(streambot, 'streambot');
      await eventually(async () => (await unpublished(d)) === 0, 'the row to be published');
      expect(relay.stats().published).toBe(1);
      const stored = await readStream(dashboard, STREAM);
      expect(stored.filter((m) => m.msgId === id)).toHaveLength(1);
    } finally {
      await relay.stop();
      await d.dispose();
    }
  });

  it('publishes the event of a committed write and never the event of a rolled-back one', async () => {
    await ensureStreams(streambot, 'streambot');
    const d = await freshPublisher();
    const before = await streamMessageCount(dashboard, STREAM);
    const relay = startOutboxRelay({ nc: streambot, db: d.db });
    try {
      const rolledBack = await writeFact(d.db, 'agg-rb', { rollback: true }).catch(
        (err: unknown) => err,
      );
      expect(rolledBack).toBeInstanceOf(RolledBack);
      const committed = await writeFact(d.db, 'agg-rb');
      await eventually(
        async () => (await unpublished(d)) === 0 && relay.stats().published === 1,
        'the relay',
      );

      const [{ n: facts } = { n: '' }] = await d.db.query<{ n: string }>(
        'SELECT count(*) AS n FROM facts',
      );
      const [{ n: outbox } = { n: '' }] = await d.db.query<{ n: string }>(
        'SELECT count(*) AS n FROM outbox_events',
      );
      expect([Number(facts), Number(outbox)]).toEqual([1, 1]);
      const ids = (await readStream(dashboard, STREAM)).map((m) => m.msgId);
      expect(ids).toContain(committed);
      expect(ids).not.toContain((rolledBack as RolledBack).eventId);
      expect(await streamMessageCount(dashboard, STREAM)).toBe(before + 1);
    } finally {
      await relay.stop();
      await d.dispose();
    }
  });

  it('wakes on the insert notification instead of waiting for the poll', async () => {
    await ensureStreams(streambot, 'streambot');
    const d = await freshPublisher();
    const relay = startOutboxRelay({ nc: streambot, db: d.db, pollIntervalMs: 60_000 });
    try {
      await new Promise((r) => setTimeout(r, 200)); // the first, empty pass is over and LISTEN is on
      const started = Date.now();
      await writeFact(d.db, 'agg-notify');
      await eventually(() => relay.stats().published === 1, 'a notified publish', 3000);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await relay.stop();
      await d.dispose();
    }
  });

  it('lets two relays side by side publish each row once, in order per aggregate', async () => {
    await ensureStreams(streambot, 'streambot');
    const d = await freshPublisher();
    const other = pgDatabase(d.url);
    const aggregates = Array.from({ length: 8 }, (_, i) => `agg-pair-${i}`);
    // A backlog first, so both relays compete for the same rows from the start …
    for (let i = 0; i < 400; i++) await writeFact(d.db, aggregates[i % aggregates.length] ?? '');
    const a = startOutboxRelay({ nc: streambot, db: d.db, batchSize: 25, pollIntervalMs: 20 });
    const secondNc = await bus.connect('streambot');
    const b = startOutboxRelay({ nc: secondNc, db: other, batchSize: 25, pollIntervalMs: 20 });
    try {
      // … then more writes while both run.
      for (let i = 0; i < 400; i++)
        await writeFact(d.db, aggregates[(i * 3) % aggregates.length] ?? '');
      await eventually(async () => (await unpublished(d)) === 0, 'all 800 rows published', 30_000);
      const [sa, sb] = [a.stats(), b.stats()];
      expect(sa.published + sb.published).toBe(800);
      expect(sa.published).toBeGreaterThan(0);
      expect(sb.published).toBeGreaterThan(0);
      expect(sa.failed + sb.failed).toBe(0);
      const [{ max } = { max: 0 }] = await d.db.query<{ max: number }>(
        'SELECT max(attempts) AS max FROM outbox_events',
      );
      expect(max).toBe(1);

      const grouped = await outboxSeqsByAggregate(d, dashboard);
      expect([...grouped.values()].reduce((n, l) => n + l.length, 0)).toBe(800);
      for (const [aggregate, seqs] of grouped) {
        expect(seqs, aggregate).toEqual([...seqs].sort((x, y) => x - y));
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await other.close();
      await d.dispose();
    }
  });
});
