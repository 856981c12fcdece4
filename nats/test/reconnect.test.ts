// A nats-server restart in the middle of work: the connection comes back on
// its own, the relay keeps the events written meanwhile and publishes them,
// and the durable consumer resumes where it was.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeBus, connectBus } from '../src/connection.ts';
import { startDurableConsumer } from '../src/consumers/durable-consumer.ts';
import { events } from '../src/contracts/registry.ts';
import { STREAMS } from '../src/contracts/streams.ts';
import type { BusLogger } from '../src/logger.ts';
import { startOutboxRelay } from '../src/outbox/relay.ts';
import { ensureStreams } from '../src/streams.ts';
import { createBusDatabase, type BusDatabase } from './helpers/bus-database.ts';
import { FACTS_TABLE, writeFact } from './helpers/facts.ts';
import { eventually, startTestBus, type TestBus } from './helpers/nats.ts';

let bus: TestBus;
let publisher: BusDatabase;
let consumerDb: BusDatabase;

beforeAll(async () => {
  [bus, publisher, consumerDb] = await Promise.all([
    startTestBus(),
    createBusDatabase('reconnect_pub', FACTS_TABLE),
    createBusDatabase('reconnect_sub'),
  ]);
});
afterAll(async () => {
  await Promise.all([bus?.dispose(), publisher?.dispose(), consumerDb?.dispose()]);
});

it('reconnects after a server restart and delivers what was written during the outage', async () => {
  const lines: string[] = [];
  const logger: BusLogger = {
    debug: () => undefined,
    info: (_o, msg) => void lines.push(`info ${msg}`),
    warn: (_o, msg) => void lines.push(`warn ${msg}`),
    error: (_o, msg) => void lines.push(`error ${msg}`),
  };
  const streambot = await connectBus({
    service: 'streambot',
    servers: bus.server.url,
    pass: bus.server.credentials.streambot.pass,
    logger,
  });
  const dashboard = await bus.connect('dashboard');
  await ensureStreams(streambot, 'streambot');
  const relay = startOutboxRelay({
    nc: streambot,
    db: publisher.db,
    pollIntervalMs: 50,
    publishTimeoutMs: 300,
    maxBackoffMs: 300,
    logger,
  });
  const handled: string[] = [];
  const consumer = await startDurableConsumer({
    nc: dashboard,
    service: 'dashboard',
    stream: STREAMS.streambot.events,
    durable: 'reconnect',
    filterSubject: events.factCreated.subject,
    db: consumerDb.db,
    handler: async (e) => void handled.push(e.envelope.id),
  });
  try {
    const before = await writeFact(publisher.db, 'agg-before');
    await eventually(() => handled.includes(before), 'the event before the outage');

    await bus.server.stop();
    await eventually(
      () => lines.includes('warn disconnected from NATS, reconnecting'),
      'the disconnect log',
    );
    const during = await writeFact(publisher.db, 'agg-during');
    await eventually(() => relay.stats().failed > 0, 'a failed relay pass');
    const [row] = await publisher.db.query<{ attempts: number }>(
      'SELECT attempts FROM outbox_events WHERE id = $1',
      [during],
    );
    expect(row?.attempts).toBeGreaterThan(0);

    await bus.server.restart();
    await eventually(() => lines.includes('info reconnected to NATS'), 'the reconnect log', 15_000);
    await eventually(() => handled.includes(during), 'the event written during the outage', 20_000);
    expect(handled.filter((id) => id === during)).toHaveLength(1);
    expect(consumer.stats().deadLettered).toBe(0);
  } finally {
    await consumer.stop();
    await relay.stop();
    await closeBus(streambot);
  }
});
