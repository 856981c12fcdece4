// Consumer throughput: how fast events already in JetStream reach a reader.
// stream-bot's user fills STREAMBOT_EVENTS with n fact.created envelopes (500
// publish acks in flight: the rate events get in, which is also the ceiling of
// the outbox relay — the baseline); then the dashboard's user drains them
//   * through an ordered consumer, no acks (the read models' and live feed's path),
//   * through a durable pull consumer with an explicit ack per message (nats.js alone),
//   * through startDurableConsumer as the services run it: each event's id
//     recorded in processed_events in its own Postgres transaction, then acked.
// Its own nats-server, so the stream holds exactly these n events. The durable
// consumer rows are also measured on a nats-server without users (the baseline
// for the cost of the dashboard's permissions), and with three consumers on one
// connection, as the dashboard runs them.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';
import {
  closeBus,
  connectBus,
  ensureStreams,
  events,
  makeEnvelope,
  startDurableConsumer,
  startEventSubscription,
  STREAMS,
} from '@homelab/nats';
import { openDatabase } from '@homelab/nats/db';
import { PrismaClient } from '../dashboard/src/generated/prisma/client.ts';
import { findNatsServer } from '../scripts/lib/binaries.mjs';
import {
  createServiceDatabase,
  freePort,
  startNatsServer,
  waitForPort,
} from '../tools/test-env/mod.ts';
import type { Figures } from './lib/stats.ts';

const MIGRATIONS = fileURLToPath(new URL('../dashboard/prisma/migrations', import.meta.url));
const STREAM = STREAMS.streambot.events;

async function until(done: () => boolean, what: string) {
  const deadline = Date.now() + 120_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what}: not done within 120 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function fill(nc: NatsConnection, n: number): Promise<number> {
  const js = nc.jetstream();
  const started = performance.now();
  const pending = new Set<Promise<unknown>>();
  for (let i = 0; i < n; i++) {
    const envelope = makeEnvelope(events.factCreated, {
      factId: randomUUID(),
      text: 'Honey never spoils.',
      source: 'builtin',
    });
    const p = js.publish(events.factCreated.subject, JSON.stringify(envelope), {
      msgID: envelope.id,
    });
    pending.add(p);
    void p.finally(() => pending.delete(p));
    if (pending.size >= 500) await Promise.race(pending);
  }
  await Promise.all(pending);
  return (n / (performance.now() - started)) * 1000;
}

/**
 * `consumers` durable pull consumers on one connection, each acking every message itself;
 * acks per second over all of them.
 */
async function drainWithAcks(
  nc: NatsConnection,
  n: number,
  consumers = 1,
  stream = STREAM,
): Promise<number> {
  const started = performance.now();
  const seen = await Promise.all(
    Array.from({ length: consumers }, (_, k) => drainOne(nc, n, `bench-explicit-ack-${k}`, stream)),
  );
  return (seen.reduce((a, b) => a + b, 0) / (performance.now() - started)) * 1000;
}

async function drainOne(
  nc: NatsConnection,
  n: number,
  durable: string,
  stream: string,
): Promise<number> {
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
  });
  const consumer = await nc.jetstream().consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: 500 });
  let seen = 0;
  for await (const m of messages) {
    m.ack();
    if (++seen >= n) break;
  }
  await nc.flush();
  // Leaving the loop does not end the pull subscription; stop it before deleting the consumer.
  messages.stop();
  const info = await jsm.consumers.info(stream, durable);
  if (info.num_pending !== 0) throw new Error(`explicit-ack consumer left ${info.num_pending}`);
  await jsm.consumers.delete(stream, durable);
  return seen;
}

/**
 * The same acks on a nats-server without accounts or users (nothing to check per message):
 * the baseline for what the dashboard's permissions cost. Returns [one consumer, three].
 */
async function acksWithoutUsers(n: number): Promise<[number, number]> {
  const bin = findNatsServer();
  if (!bin) throw new Error('nats-server not found');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-nats-plain-'));
  const config = path.join(dir, 'nats.conf');
  await writeFile(config, `jetstream { store_dir: "${dir}" }\n`);
  const port = await freePort();
  const child = spawn(bin, ['-c', config, '-a', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
  });
  try {
    await waitForPort(port, 10_000);
    const nc = await connect({ servers: `127.0.0.1:${port}` });
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'PLAIN', subjects: ['plain.>'] });
      const js = nc.jetstream();
      const pending: Promise<unknown>[] = [];
      for (let i = 0; i < n; i++) {
        pending.push(js.publish('plain.fact', 'Honey never spoils.'));
        if (pending.length >= 500) await Promise.all(pending.splice(0));
      }
      await Promise.all(pending);
      // Measured first in the run: one drain to warm the code up is not counted.
      await drainWithAcks(nc, n, 1, 'PLAIN');
      return [await drainWithAcks(nc, n, 1, 'PLAIN'), await drainWithAcks(nc, n, 3, 'PLAIN')];
    } finally {
      await nc.close();
    }
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchConsumer(adminUrl: string, n = 5000): Promise<Figures[]> {
  const nats = await startNatsServer();
  const database = await createServiceDatabase(adminUrl, 'bench_consumer');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-consumer-'));
  const writer = await connectBus({
    service: 'streambot',
    servers: nats.url,
    pass: nats.credentials.streambot.pass,
  });
  const reader = await connectBus({
    service: 'dashboard',
    servers: nats.url,
    pass: nats.credentials.dashboard.pass,
  });
  const db = await openDatabase({
    url: database.url,
    dataDir,
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  try {
    await ensureStreams(writer, 'streambot');
    await ensureStreams(reader, 'dashboard');
    const published = await fill(writer, n);
    const base = `JetStream publish of ${n} events, 500 acks in flight`;
    const rows: Figures[] = [
      {
        name: base,
        perSecond: published,
        note: "the rate events get in; the outbox relay's ceiling",
      },
    ];

    let ordered = 0;
    let started = performance.now();
    const sub = await startEventSubscription({
      nc: reader,
      stream: STREAM,
      deliver: 'all',
      onEvent: () => void ordered++,
    });
    await until(() => ordered >= n, 'ordered consumer');
    rows.push({
      name: `ordered consumer draining ${n} events, no acks`,
      perSecond: (ordered / (performance.now() - started)) * 1000,
      baseline: base,
      note: "the dashboard's read models and live feed (envelope parsed and validated)",
    });
    await sub.stop();

    const [plainOne, plainThree] = await acksWithoutUsers(n);
    const plainBase = `durable pull consumer, explicit ack each, nats-server without users`;
    const plainBaseThree = `three durable pull consumers on one connection, nats-server without users`;
    rows.push(
      {
        name: plainBase,
        perSecond: plainOne,
        note: `${n} messages; the baseline for the cost of permissions`,
      },
      {
        name: `durable pull consumer draining ${n} events, explicit ack each`,
        perSecond: await drainWithAcks(reader, n),
        baseline: plainBase,
        note: "as the dashboard's user; nats.js consume(), 500 pulled at a time, none left pending",
      },
      {
        name: plainBaseThree,
        perSecond: plainThree,
        note: `${n} messages each, acks per second in all`,
      },
      {
        name: `three durable pull consumers on one connection, dashboard's user`,
        perSecond: await drainWithAcks(reader, n, 3),
        baseline: plainBaseThree,
        note: 'as the dashboard runs its consumers (one connection)',
      },
    );

    started = performance.now();
    const durable = await startDurableConsumer({
      nc: reader,
      service: 'dashboard',
      stream: STREAM,
      durable: 'bench-services-path',
      db: db.sql,
      handler: async () => undefined,
    });
    await until(() => durable.stats().handled >= n, 'startDurableConsumer');
    const handled = durable.stats().handled;
    rows.push({
      name: `startDurableConsumer draining ${n} events (Postgres transaction each, then ack)`,
      perSecond: (handled / (performance.now() - started)) * 1000,
      baseline: base,
      note: "the services' path: id recorded in processed_events, handler, commit, ack",
    });
    await durable.stop();
    return rows;
  } finally {
    await closeBus(writer);
    await closeBus(reader);
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
    await nats.dispose();
  }
}
