// Job queues built directly with createJobQueue over a real Postgres database
// (the dashboard's migrations) and this test file's nats-server, as the
// dashboard user, with the outbox relay that carries the job messages. Each
// queue has its own NATS connection, like a dashboard instance of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeBus, startOutboxRelay, type OutboxRelay, type SqlDatabase } from '@homelab/nats';
import { openDatabase, type OpenedDatabase } from '@homelab/nats/db';
import { createLogger } from '@homelab/nats/runtime';
import type { NatsConnection } from 'nats';
import { inject } from 'vitest';
import { z } from 'zod';
import { createServiceDatabase } from '../../tools/test-env/databases.ts';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';
// Starts this test file's nats-server (serviceHarness), which connectAs() uses.
import './harness.ts';
import { createJobQueue, type JobQueueDeps, type RunnableJobQueue } from '../src/jobs/queue.ts';
import type { JobContext, JobHandler } from '../src/jobs/types.ts';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** What a test job does, by name: the payload names the script (and a tag to tell jobs apart). */
export type Script = (payload: TestPayload, ctx: JobContext, queue: string) => Promise<unknown>;
export interface TestPayload {
  script: string;
  tag?: string;
}
export const scripts = new Map<string, Script>();

/** Every run of a test job: which queue ran which job, at which attempt. */
export const runs: { jobId: string; queue: string; attempt: number }[] = [];

export function testHandler(queue: string, maxAttempts?: number): JobHandler<TestPayload> {
  return {
    kind: 'ai-analysis',
    payload: z.object({ script: z.string().min(1), tag: z.string().optional() }),
    ...(maxAttempts ? { maxAttempts } : {}),
    async run(payload, ctx) {
      runs.push({ jobId: ctx.jobId, queue, attempt: ctx.attempt });
      const script = scripts.get(payload.script);
      if (!script) throw new Error(`no test script ${payload.script}`);
      return script(payload, ctx, queue);
    },
  };
}

/** Resolves when signal aborts, rejecting with its reason (what a well-behaved handler does). */
export const untilAborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(new Error(String(signal.reason)));
    signal.addEventListener('abort', () => reject(new Error(String(signal.reason))), {
      once: true,
    });
  });

export interface TestQueue {
  name: string;
  queue: RunnableJobQueue;
  nc: NatsConnection;
  /** A graceful stop, as on SIGTERM. */
  stop(): Promise<void>;
  /** The instance dies: its connection is gone without a word; its workers are ended afterwards. */
  crash(): Promise<void>;
}

export interface JobsWorld {
  db: OpenedDatabase<PrismaClient>;
  sql: SqlDatabase;
  /** A queue instance with the test handler registered (started unless start: false). */
  queue(name: string, options?: Partial<JobQueueDeps> & { start?: boolean }): Promise<TestQueue>;
  close(): Promise<void>;
}

// Short enough for tests to see a redelivery, long enough for a loaded machine's timers.
export const ACK_WAIT_MS = 3_000;

/** On a fresh Postgres database, or on the embedded PGlite (the default without DATABASE_URL). */
export async function openJobsWorld(options: { pglite?: boolean } = {}): Promise<JobsWorld> {
  const database = options.pglite
    ? undefined
    : await createServiceDatabase(inject('pgAdminUrl'), 'dashboard');
  const db = await openDatabase({
    url: database?.url,
    dataDir: mkdtempSync(path.join(tmpdir(), 'jobs-test-')),
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  const relayNc = await connectAs('dashboard');
  const relay: OutboxRelay = startOutboxRelay({ nc: relayNc, db: db.sql, pollIntervalMs: 100 });
  const logger = createLogger({
    level: process.env.JOBS_TEST_LOG ?? 'silent',
    service: 'jobs-test',
    version: '0',
  } as never);
  const queues: TestQueue[] = [];

  return {
    db,
    sql: db.sql,
    async queue(name, options = {}) {
      const nc = await connectAs('dashboard');
      const queue = createJobQueue({
        nc,
        sql: db.sql,
        logger: logger.child({ queue: name }),
        concurrency: 2,
        maxAttempts: 3,
        ackWaitMs: ACK_WAIT_MS,
        retryDelayMs: 100,
        pullExpiresMs: 1_000,
        stopTimeoutMs: 5_000,
        ...options,
      });
      queue.register(testHandler(name));
      if (options.start !== false) await queue.start();
      let done = false;
      const q: TestQueue = {
        name,
        queue,
        nc,
        async stop() {
          if (done) return;
          done = true;
          await queue.stop();
          await closeBus(nc);
        },
        async crash() {
          if (done) return;
          done = true;
          await nc.close();
        },
      };
      queues.push(q);
      return q;
    },
    async close() {
      for (const q of queues) {
        if (q.nc.isClosed()) await q.queue.stop();
        else await q.stop();
      }
      await relay.stop();
      await closeBus(relayNc);
      await db.close();
      await database?.drop();
    },
  };
}
