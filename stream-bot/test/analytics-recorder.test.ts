// The recorder's edges against a real, migrated PostgreSQL database: a full
// queue drops (and says so), stop() writes what is queued, each bot's own
// prefix marks its commands, and a database outage delays messages without
// losing them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { openDatabase, type OpenedDatabase } from '@homelab/nats/db';
import { createLogger } from '@homelab/nats/runtime';
import { beforeAll, expect, inject, it } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../../tools/test-env/databases.ts';
import { setDatabaseReachable } from '../../tools/test-env/service-harness.ts';
import { createChatRecorder } from '../src/analytics/recorder.ts';
import type { IncomingChatMessage } from '../src/chat/types.ts';
import { createChatLogStore } from '../src/db/chat-log-store.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';
import { burst } from './analytics-data.ts';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));
const OWNER = '11111111-1111-1111-1111-111111111111';
const OTHER = '22222222-2222-2222-2222-222222222222';

let database: ServiceDatabase;
let db: OpenedDatabase<PrismaClient>;
const lines: string[] = [];
const logger = createLogger(
  { level: 'info', service: 'stream-bot', version: 't' },
  new Writable({ write: (chunk: Buffer, _e, done) => done(void lines.push(chunk.toString())) }),
);

beforeAll(async () => {
  database = await createServiceDatabase(inject('pgAdminUrl'), 'streambot_chatlog');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'chat-log-'));
  db = await openDatabase({
    url: database.url,
    dataDir,
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  return async () => {
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
});

const stored = async (channel: string) =>
  (
    await db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_messages WHERE channel = $1',
      [channel],
    )
  )[0]!.n;

const store = () => createChatLogStore(db.sql, { sessionGapMinutes: 30 });
const chat = (channel: string, messages: number, seed: number, ownerId = OWNER) =>
  burst(
    ownerId,
    { channel, from: new Date(Date.now() - 3_600_000), minutes: 30, messages, chatters: 20 },
    seed,
  );

it('drops what does not fit in the queue and says how many', async () => {
  const recorder = createChatRecorder({ store: store(), logger, maxQueue: 100, batchSize: 1000 });
  for (const m of chat('full', 250, 1)) recorder.listener(m);
  await recorder.stop();
  expect(recorder.stats()).toEqual({ stored: 100, duplicates: 0, dropped: 150, queued: 0 });
  expect(await stored('full')).toBe(100);
  expect(lines.join('')).toMatch(
    /the write queue is full \(100 messages\), 150 messages were not logged/,
  );
});

it('writes the queued messages when it stops, and takes no more after', async () => {
  const recorder = createChatRecorder({ store: store(), logger, flushIntervalMs: 60_000 });
  const messages = chat('stopping', 150, 2);
  for (const m of messages.slice(0, 120)) recorder.listener(m);
  expect(recorder.stats().queued).toBe(120);
  await recorder.stop();
  for (const m of messages.slice(120)) recorder.listener(m);
  expect(await stored('stopping')).toBe(120);
});

it("records commands by each bot's own prefix", async () => {
  const recorder = createChatRecorder({
    store: store(),
    logger,
    prefixOf: (owner) => (owner === OTHER ? '?' : '!'),
  });
  const base: Omit<IncomingChatMessage, 'ownerId' | 'messageId' | 'text'> = {
    platform: 'twitch',
    channel: 'prefixes',
    chatterId: 'u1',
    chatterLogin: 'ann',
    chatterName: 'Ann',
    badges: [],
    role: 'everyone',
    sentAt: new Date(),
    self: false,
  };
  recorder.listener({ ...base, ownerId: OWNER, messageId: 'p1', text: '!Fact now' });
  recorder.listener({ ...base, ownerId: OTHER, messageId: 'p2', text: '?lurk' });
  recorder.listener({ ...base, ownerId: OTHER, messageId: 'p3', text: '!fact' });
  await recorder.stop();
  const rows = await db.sql.query<{ message_id: string; command: string | null }>(
    `SELECT message_id, command FROM chat_messages WHERE channel = 'prefixes' ORDER BY message_id`,
  );
  expect(rows).toEqual([
    { message_id: 'p1', command: 'fact' },
    { message_id: 'p2', command: 'lurk' },
    { message_id: 'p3', command: null },
  ]);
});

it('keeps messages through a database outage and writes them once it is back', async () => {
  const recorder = createChatRecorder({ store: store(), logger, flushIntervalMs: 50 });
  const messages = chat('outage', 300, 3);
  await setDatabaseReachable(database, false);
  try {
    for (const m of messages) recorder.listener(m);
    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ stored: 0, dropped: 0 });
    expect(recorder.stats().queued).toBeGreaterThan(0);
    expect(lines.join('')).toMatch(/chat log: write failed; will retry/);
  } finally {
    await setDatabaseReachable(database, true);
  }
  await recorder.stop();
  expect(recorder.stats()).toEqual({ stored: 300, duplicates: 0, dropped: 0, queued: 0 });
  expect(await stored('outage')).toBe(300);
});
