// The outbox under SIGKILL: a child process writes facts (and rolls some
// back) while relaying; it is killed at random moments and restarted, then
// allowed to finish. Every committed fact's event must reach a durable
// consumer exactly once, in order per aggregate, and no rolled-back event
// may exist anywhere.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDurableConsumer, type DurableConsumer } from '../src/consumers/durable-consumer.ts';
import { STREAMS } from '../src/contracts/streams.ts';
import { ensureStreams } from '../src/streams.ts';
import { createBusDatabase, type BusDatabase } from './helpers/bus-database.ts';
import { FACTS_TABLE } from './helpers/facts.ts';
import { eventually, readStream, startTestBus, type TestBus } from './helpers/nats.ts';

const WRITER = fileURLToPath(new URL('./fixtures/outbox-writer.ts', import.meta.url));
const TARGET = 3000;
const STREAM = STREAMS.streambot.events;

let bus: TestBus;
let publisher: BusDatabase;
let consumerDb: BusDatabase;
let dir: string;

beforeAll(async () => {
  [bus, publisher, consumerDb, dir] = await Promise.all([
    startTestBus(),
    createBusDatabase('crash_pub', FACTS_TABLE),
    createBusDatabase(
      'crash_sub',
      'CREATE TABLE seen (event_id UUID NOT NULL, stream_seq BIGINT NOT NULL);',
    ),
    mkdtemp(path.join(os.tmpdir(), 'outbox-crash-')),
  ]);
});
afterAll(async () => {
  await Promise.all([bus?.dispose(), publisher?.dispose(), consumerDb?.dispose()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the writer; kills it killAfterMs after it is ready, or lets it finish. */
function runWriter(killAfterMs?: number): Promise<{ killed: boolean; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER], {
    env: {
      ...process.env,
      DATABASE_URL: publisher.url,
      NATS_URL: bus.server.url,
      NATS_PASS: bus.server.credentials.streambot.pass,
      TARGET: String(TARGET),
      AGGREGATES: '20',
      ROLLBACK_LOG: path.join(dir, 'rolled-back.txt'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let timer: NodeJS.Timeout | undefined;
  const onData = (b: Buffer) => {
    output += b.toString();
    if (killAfterMs !== undefined && !timer && output.includes('READY')) {
      timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ killed: true, output });
      else if (code === 0) resolve({ killed: false, output });
      else reject(new Error(`writer exited with ${code ?? signal}:\n${output}`));
    });
  });
}

it('delivers every committed event exactly once across SIGKILLs, in order per aggregate, and no rolled-back one', async () => {
  const streambot = await bus.connect('streambot');
  const dashboard = await bus.connect('dashboard');
  await ensureStreams(streambot, 'streambot');
  await ensureStreams(dashboard, 'dashboard');

  let applied = 0;
  const consume = () =>
    startDurableConsumer({
      nc: dashboard,
      service: 'dashboard',
      stream: STREAM,
      durable: 'crash-test',
      db: consumerDb.db,
      handler: async (event, tx) => {
        await tx.execute('INSERT INTO seen (event_id, stream_seq) VALUES ($1, $2)', [
          event.envelope.id,
          event.streamSeq,
        ]);
        applied++;
      },
    });
  let consumer: DurableConsumer = await consume();

  const kills: number[] = [];
  for (let i = 0; i < 4; i++) {
    const delay = 100 + Math.floor(Math.random() * 900);
    const run = await runWriter(delay);
    if (!run.killed) break;
    kills.push(delay);
    if (i === 1) {
      // The consumer restarts too: its durable position lives on the server.
      await consumer.stop();
      consumer = await consume();
    }
  }
  const final = await runWriter();
  expect(final.output).toContain('DONE');
  expect(kills.length, `kills after ${kills.join(', ')} ms`).toBeGreaterThanOrEqual(3);

  const outbox = await publisher.db.query<{
    id: string;
    seq: string;
    aggregate_id: string;
    published_at: Date | null;
  }>('SELECT o.id, o.seq, o.aggregate_id, o.published_at FROM outbox_events o ORDER BY o.seq');
  const facts = await publisher.db.query<{ event_id: string }>('SELECT event_id FROM facts');
  expect(outbox.length).toBeGreaterThanOrEqual(TARGET);
  expect(outbox.every((r) => r.published_at !== null)).toBe(true);
  expect(new Set(facts.map((f) => f.event_id))).toEqual(new Set(outbox.map((r) => r.id)));

  await eventually(
    () => applied === outbox.length,
    `${outbox.length} handled (at ${applied})`,
    30_000,
  );
  await new Promise((r) => setTimeout(r, 300)); // room for any stray redelivery
  await consumer.stop();

  const seen = await consumerDb.db.query<{ event_id: string; n: string }>(
    'SELECT event_id, count(*) AS n FROM seen GROUP BY event_id',
  );
  expect(seen.filter((s) => Number(s.n) !== 1)).toEqual([]);
  expect(new Set(seen.map((s) => s.event_id))).toEqual(new Set(outbox.map((r) => r.id)));
  const [{ n: processed } = { n: '' }] = await consumerDb.db.query<{ n: string }>(
    'SELECT count(*) AS n FROM processed_events',
  );
  expect(Number(processed)).toBe(outbox.length);

  // The stream itself holds each event once: retries after a kill were dropped by Nats-Msg-Id.
  const stored = await readStream(dashboard, STREAM);
  expect(stored.length).toBe(outbox.length);
  expect(new Set(stored.map((m) => m.msgId))).toEqual(new Set(outbox.map((r) => r.id)));

  const rolledBack = (await readFile(path.join(dir, 'rolled-back.txt'), 'utf8'))
    .split('\n')
    .filter(Boolean);
  expect(rolledBack.length).toBeGreaterThan(50);
  const everywhere = new Set([
    ...outbox.map((r) => r.id),
    ...stored.map((m) => m.msgId),
    ...seen.map((s) => s.event_id),
  ]);
  expect(rolledBack.filter((id) => everywhere.has(id))).toEqual([]);

  const seqById = new Map(
    outbox.map((r) => [r.id, { seq: Number(r.seq), aggregate: r.aggregate_id }]),
  );
  const perAggregate = new Map<string, number[]>();
  for (const m of stored) {
    const row = seqById.get(m.msgId ?? '');
    if (!row) throw new Error(`stream holds an unknown event ${m.msgId}`);
    perAggregate.set(row.aggregate, [...(perAggregate.get(row.aggregate) ?? []), row.seq]);
  }
  expect(perAggregate.size).toBe(20);
  for (const [aggregate, seqs] of perAggregate) {
    expect(seqs, aggregate).toEqual([...seqs].sort((a, b) => a - b));
  }
});
