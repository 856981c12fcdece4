// Outbox relay throughput, from commit to JetStream ack, on the real path a
// service uses (Prisma on PostgreSQL, the relay, the project's nats-server),
// against a baseline of plain JetStream publishes in the same run.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import {
  closeBus,
  connectBus,
  enqueueEvent,
  ensureStreams,
  events,
  startEventSubscription,
  startOutboxRelay,
  STREAMS,
} from '@homelab/nats';
import { openDatabase } from '@homelab/nats/db';
import { PrismaClient } from '../stream-bot/src/generated/prisma/client.ts';
import { createServiceDatabase, type NatsServerHandle } from '../tools/test-env/mod.ts';
import { percentile, type Figures } from './lib/stats.ts';

const MIGRATIONS = fileURLToPath(new URL('../stream-bot/prisma/migrations', import.meta.url));

const fact = () => ({
  factId: randomUUID(),
  text: 'Honey never spoils.',
  source: 'builtin' as const,
});

export async function benchOutbox(
  nats: NatsServerHandle,
  adminUrl: string,
  n = 5000,
): Promise<Figures[]> {
  const database = await createServiceDatabase(adminUrl, 'bench_outbox');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-outbox-'));
  const db = await openDatabase({
    url: database.url,
    dataDir,
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  const nc = await connectBus({
    service: 'streambot',
    servers: nats.url,
    pass: nats.credentials.streambot.pass,
  });
  await ensureStreams(nc, 'streambot');
  const js = nc.jetstream();
  const rows: Figures[] = [];
  try {
    // Baseline: JetStream publishes with 500 acks outstanding, no database.
    {
      const started = performance.now();
      const pending = new Set<Promise<unknown>>();
      for (let i = 0; i < n; i++) {
        const p = js.publish(events.factCreated.subject, JSON.stringify(fact()), {
          msgID: randomUUID(),
        });
        pending.add(p);
        void p.finally(() => pending.delete(p));
        if (pending.size >= 500) await Promise.race(pending);
      }
      await Promise.all(pending);
      rows.push({
        name: 'JetStream publish, 500 acks in flight (no database)',
        perSecond: (n / (performance.now() - started)) * 1000,
      });
    }

    // Backlog: n committed outbox rows, then a relay drains them.
    for (let i = 0; i < n; i += 100) {
      await db.sql.transaction(async (tx) => {
        for (let j = i; j < Math.min(n, i + 100); j++) {
          await enqueueEvent(tx, events.factCreated, fact(), { aggregateId: `fact-${j % 50}` });
        }
      });
    }
    {
      const started = performance.now();
      const relay = startOutboxRelay({ nc, db: db.sql, batchSize: 500 });
      const deadline = Date.now() + 120_000;
      while (relay.stats().published < n && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const drained = relay.stats().published;
      const perSecond = (drained / (performance.now() - started)) * 1000;
      await relay.stop();
      rows.push({
        name: 'outbox relay draining a backlog (commit → JetStream ack)',
        perSecond,
        baseline: 'JetStream publish, 500 acks in flight (no database)',
        note: drained < n ? `only ${drained}/${n} within 120 s` : `${n} rows, batches of 500`,
      });
    }

    // Live: one event per transaction while the relay runs; latency from
    // commit to the event arriving at a JetStream consumer.
    {
      const committedAt = new Map<string, number>();
      const latencies: number[] = [];
      // The dashboard is the one reader of other services' streams.
      const reader = await connectBus({
        service: 'dashboard',
        servers: nats.url,
        pass: nats.credentials.dashboard.pass,
      });
      const sub = await startEventSubscription({
        nc: reader,
        stream: STREAMS.streambot.events,
        deliver: 'new',
        onEvent: (e) => {
          const t = committedAt.get(e.envelope.id);
          if (t !== undefined) latencies.push(performance.now() - t);
        },
      });
      const relay = startOutboxRelay({ nc, db: db.sql });
      const live = Math.min(n, 2000);
      const started = performance.now();
      for (let i = 0; i < live; i++) {
        const envelope = await db.sql.transaction((tx) =>
          enqueueEvent(tx, events.factCreated, fact(), { aggregateId: `live-${i % 20}` }),
        );
        committedAt.set(envelope.id, performance.now());
      }
      const deadline = Date.now() + 60_000;
      while (latencies.length < live && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 5));
      const elapsed = performance.now() - started;
      await relay.stop();
      await sub.stop();
      await closeBus(reader);
      latencies.sort((a, b) => a - b);
      rows.push({
        name: 'outbox, one event per transaction, commit → consumer',
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        perSecond: (latencies.length / elapsed) * 1000,
        note: `${latencies.length}/${live} seen; writes are sequential, so the rate is the writer's`,
      });
    }
  } finally {
    await closeBus(nc);
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}
