// The relay and the durable consumer on the SqlDatabase the services really
// use: Prisma over PostgreSQL and over embedded PGlite (nats/src/db), where
// seq comes back as bigint and envelope as parsed JSON.
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startDurableConsumer } from '../src/consumers/durable-consumer.ts';
import { events } from '../src/contracts/registry.ts';
import { STREAMS } from '../src/contracts/streams.ts';
import { openDatabase, type OpenedDatabase } from '../src/db/mod.ts';
import {
  createFixtureClient,
  FIXTURE_MIGRATIONS,
  tempDir,
  type FixtureClient,
} from '../src/db/test-support.ts';
import { enqueueEvent } from '../src/outbox/enqueue.ts';
import { startOutboxRelay } from '../src/outbox/relay.ts';
import { ensureStreams } from '../src/streams.ts';
import { createServiceDatabase } from '../../tools/test-env/mod.ts';
import { eventually, readStream, startTestBus, type TestBus } from './helpers/nats.ts';

let bus: TestBus;
let streambot: NatsConnection;
let dashboard: NatsConnection;

beforeAll(async () => {
  bus = await startTestBus();
  streambot = await bus.connect('streambot');
  dashboard = await bus.connect('dashboard');
  await ensureStreams(streambot, 'streambot');
  await ensureStreams(dashboard, 'dashboard');
});
afterAll(async () => {
  await bus?.dispose();
});

describe.each(['postgres', 'pglite'] as const)('the bus on Prisma over %s', (kind) => {
  let db: OpenedDatabase<FixtureClient>;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dir = await tempDir(`bus-${kind}`);
    const pg =
      kind === 'postgres'
        ? await createServiceDatabase(inject('pgAdminUrl'), 'bus_prisma')
        : undefined;
    db = await openDatabase({
      url: pg?.url,
      dataDir: dir.dir,
      migrationsDir: FIXTURE_MIGRATIONS,
      createClient: createFixtureClient,
    });
    cleanup = async () => {
      await db.close();
      await pg?.drop();
      await dir.remove();
    };
  }, 60_000);
  afterAll(async () => {
    await cleanup?.();
  });

  it('relays committed events only and applies each once', async () => {
    const write = (rollback: boolean) =>
      db.sql.transaction(async (tx) => {
        const [note] = await tx.query<{ id: string }>(
          'INSERT INTO notes (body) VALUES ($1) RETURNING id',
          ['hi'],
        );
        const factId = note?.id ?? randomUUID();
        const e = await enqueueEvent(
          tx,
          events.factCreated,
          { factId, text: 'Hi', source: 'manual' },
          { aggregateId: factId },
        );
        if (rollback) throw new Error('rolled back');
        return e;
      });
    const kept = [await write(false), await write(false)];
    const lost = await write(true).catch(() => undefined);
    expect(lost).toBeUndefined();

    const relay = startOutboxRelay({ nc: streambot, db: db.sql, pollIntervalMs: 50 });
    const seen: string[] = [];
    const consumer = await startDurableConsumer({
      nc: dashboard,
      service: 'dashboard',
      stream: STREAMS.streambot.events,
      durable: `prisma-${kind}`,
      filterSubject: events.factCreated.subject,
      db: db.sql,
      handler: async (e, tx) => {
        await tx.execute('INSERT INTO notes (body) VALUES ($1)', [`seen ${e.envelope.id}`]);
        seen.push(e.envelope.id);
      },
    });
    try {
      await eventually(() => relay.stats().published === 2, 'two relayed events');
      const ids = kept.map((e) => e.id);
      await eventually(() => ids.every((id) => seen.includes(id)), 'both events handled');
      const [row] = await db.sql.query<{ n: unknown }>(
        'SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL',
      );
      expect(Number(row?.n)).toBe(0);

      // A second copy of the first event (other Nats-Msg-Id) is recognised and skipped.
      const first = (await readStream(dashboard, STREAMS.streambot.events)).find(
        (m) => m.msgId === ids[0],
      );
      // (Each durable reads the whole stream, so the other engine's copy may be counted already.)
      await eventually(
        () => consumer.stats().handled === seen.length && seen.length >= 2,
        'a settled consumer',
      );
      await new Promise((r) => setTimeout(r, 200));
      const duplicatesBefore = consumer.stats().duplicates;
      await streambot.jetstream().publish(events.factCreated.subject, JSON.stringify(first?.json));
      await eventually(
        () => consumer.stats().duplicates === duplicatesBefore + 1,
        'the copy to be skipped',
      );
      expect(seen.filter((id) => id === ids[0])).toHaveLength(1);
      const [notes] = await db.sql.query<{ n: unknown }>(
        "SELECT count(*) AS n FROM notes WHERE body LIKE 'seen %'",
      );
      expect(Number(notes?.n)).toBe(seen.length);
    } finally {
      await consumer.stop();
      await relay.stop();
    }
  });
});
