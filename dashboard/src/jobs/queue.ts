// The dashboard's job queue (the seed's Celery role) on JetStream.
//
// Enqueue writes the jobs row and an outbox row in one transaction (the
// caller's, when given); the outbox relay publishes the latter to
// DASHBOARD_JOBS with Nats-Msg-Id = job id. So a job exists exactly when the
// caller's own row commits, a relay crash never queues it twice, and no
// start-up sweep is needed: an unpublished outbox row is published on the next
// relay pass.
//
// Every instance pulls from the one durable consumer with JOB_CONCURRENCY
// workers; a message goes to one of them at a time, and a heartbeat keeps it
// while the job runs. Changes of a job are broadcast on core NATS
// (dashboard.job.update.<id>) so the watchers of every instance hear them, and
// a cancel of a running job is broadcast (dashboard.job.cancel.<id>) to
// whichever instance runs it.
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { Consumer, NatsConnection, Subscription } from 'nats';
import { DomainError } from '../domain/errors.ts';
import { CANCEL, errorText, runDelivery, STOP, type RunnerDeps } from './job-runner.ts';
import { createJobStore } from './job-store.ts';
import {
  CANCEL_SUBJECT_PREFIX,
  ensureJobsStream,
  JOBS_CONSUMER,
  JOBS_STREAM,
  UPDATE_SUBJECT_PREFIX,
} from './job-stream.ts';
import {
  JOB_KINDS,
  type EnqueueOptions,
  type JobHandler,
  type JobKind,
  type JobQueue,
  type JobRecord,
  type JobUpdate,
} from './types.ts';

export interface JobQueueDeps {
  nc: NatsConnection;
  sql: SqlDatabase;
  logger: Logger;
  /** Jobs run at once by this instance (JOB_CONCURRENCY, default 2). */
  concurrency?: number;
  /** Attempts of a kind whose handler sets none (JOB_MAX_ATTEMPTS, default 3). */
  maxAttempts?: number;
  /** How long a message stays with a worker without a heartbeat (default 30 s). */
  ackWaitMs?: number;
  /** Delay before the first retry; doubled per attempt, at most a minute (default 5 s). */
  retryDelayMs?: number;
  /** At most one progress write per this many ms per job (default 250: 4/s). */
  progressIntervalMs?: number;
  /** How long one pull waits for a message (default 2 s, at least 1 s; stop() waits for it). */
  pullExpiresMs?: number;
  /** How long stop() waits for interrupted handlers to return (default 10 s). */
  stopTimeoutMs?: number;
}

export interface RunnableJobQueue extends JobQueue {
  /** Adds the handler of a kind; one per kind. */
  register<P>(handler: JobHandler<P>): void;
  /** Makes sure the stream and consumer exist, then starts pulling. */
  start(): Promise<void>;
  /** Stops pulling; running jobs are interrupted and handed back to the queue. */
  stop(): Promise<void>;
}

export const LIST_LIMIT = { min: 1, max: 200, default: 50 } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function checkJobId(id: string): string {
  if (!UUID.test(id)) {
    throw new DomainError('invalid_input', `"${id.slice(0, 40)}" is not a job id (a UUID)`);
  }
  return id.toLowerCase();
}

export function toUpdate(r: JobRecord): JobUpdate {
  const { id, kind, status, attempts, maxAttempts, progressPercent, progressMessage } = r;
  return {
    id,
    kind,
    status,
    attempts,
    maxAttempts,
    progressPercent,
    progressMessage,
    error: r.error,
    updatedAt: r.updatedAt,
  };
}

export function createJobQueue(deps: JobQueueDeps): RunnableJobQueue {
  const { nc, logger } = deps;
  const store = createJobStore(deps.sql);
  const handlers = new Map<string, JobHandler>();
  const running = new Map<string, AbortController>();
  const ackWaitMs = deps.ackWaitMs ?? 30_000;
  // The client refuses pulls shorter than a second.
  const pullExpiresMs = Math.max(1_000, deps.pullExpiresMs ?? 2_000);
  let streamReady: Promise<void> | undefined;
  let workers: Promise<void>[] = [];
  let cancelSub: Subscription | undefined;
  let stopping = false;

  const ensureStream = () => {
    streamReady ??= ensureJobsStream(nc, ackWaitMs).catch((err: unknown) => {
      streamReady = undefined;
      throw err;
    });
    return streamReady;
  };

  const broadcast = (record: JobRecord) => {
    try {
      nc.publish(`${UPDATE_SUBJECT_PREFIX}.${record.id}`, JSON.stringify(toUpdate(record)));
    } catch (err) {
      logger.warn({ err: errorText(err), jobId: record.id }, 'job update not broadcast');
    }
  };

  const runner: RunnerDeps = {
    store,
    handlers,
    running,
    broadcast,
    logger,
    ackWaitMs,
    retryDelayMs: deps.retryDelayMs ?? 5_000,
    progressIntervalMs: deps.progressIntervalMs ?? 250,
  };

  async function work(consumer: Consumer): Promise<void> {
    while (!stopping) {
      let m;
      try {
        m = await consumer.next({ expires: pullExpiresMs });
      } catch (err) {
        if (stopping) break;
        logger.warn({ err: errorText(err) }, 'pulling jobs failed; trying again');
        await sleep(1_000);
        continue;
      }
      if (!m) continue;
      if (stopping) {
        // Arrived for a pull made before the stop: another instance takes it.
        try {
          m.nak();
        } catch {
          // Closed already: redelivered after ack_wait.
        }
        break;
      }
      await runDelivery(m, runner);
    }
  }

  const get = async (id: string) => {
    const job = await store.get(checkJobId(id));
    if (!job) throw new DomainError('not_found', `no job ${id}`);
    return job;
  };

  return {
    register(handler) {
      if (handlers.has(handler.kind)) {
        throw new Error(`a handler for ${handler.kind} jobs is registered already`);
      }
      handlers.set(handler.kind, handler as JobHandler);
    },

    async start() {
      await ensureStream();
      cancelSub = nc.subscribe(`${CANCEL_SUBJECT_PREFIX}.*`, {
        callback: (_err, msg) => {
          const id = msg.subject.slice(CANCEL_SUBJECT_PREFIX.length + 1);
          running.get(id)?.abort(CANCEL);
        },
      });
      const consumer = await nc.jetstream().consumers.get(JOBS_STREAM, JOBS_CONSUMER);
      const n = Math.max(1, deps.concurrency ?? 2);
      workers = Array.from({ length: n }, () =>
        work(consumer).catch((err: unknown) =>
          logger.error({ err: errorText(err) }, 'job worker stopped unexpectedly'),
        ),
      );
      logger.info({ concurrency: n, kinds: [...handlers.keys()] }, 'job queue started');
    },

    async stop() {
      stopping = true;
      for (const control of running.values()) control.abort(STOP);
      const timeout = deps.stopTimeoutMs ?? 10_000;
      const settled = Promise.all(workers).then(() => true);
      if (!(await Promise.race([settled, sleep(pullExpiresMs + timeout).then(() => false)]))) {
        logger.warn(
          { running: [...running.keys()] },
          'jobs still running at stop; left to redelivery',
        );
      }
      cancelSub?.unsubscribe();
    },

    async enqueue(kind: JobKind, payload: unknown, options: EnqueueOptions) {
      if (!(JOB_KINDS as readonly string[]).includes(kind)) {
        throw new DomainError(
          'invalid_input',
          `"${String(kind)}" is not a job kind (${JOB_KINDS.join(', ')})`,
        );
      }
      const handler = handlers.get(kind);
      if (!handler) {
        throw new DomainError('not_configured', `no handler for ${kind} jobs is registered`);
      }
      const parsed = handler.payload.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map(
          (i) => `${i.path.join('.') || 'payload'}: ${i.message}`,
        );
        throw new DomainError('invalid_input', `bad ${kind} job: ${issues.join('; ')}`, {
          cause: parsed.error,
        });
      }
      const id = options.jobId === undefined ? randomUUID() : checkJobId(options.jobId);
      await ensureStream();
      const record = await store.insert(
        {
          id,
          kind,
          payload: parsed.data,
          maxAttempts: handler.maxAttempts ?? deps.maxAttempts ?? 3,
          requestedBy: options.requestedBy,
        },
        options.tx,
      );
      // In the caller's transaction the job is not there for others until it commits:
      // watchers hear of it when it starts.
      if (!options.tx) broadcast(record);
      return record;
    },

    get,

    list: (filter = {}) =>
      store.list({
        kind: filter.kind,
        status: filter.status,
        limit: Math.min(
          LIST_LIMIT.max,
          Math.max(LIST_LIMIT.min, filter.limit ?? LIST_LIMIT.default),
        ),
      }),

    async cancel(id: string, by: string) {
      const jobId = checkJobId(id);
      const record = await store.requestCancel(jobId);
      if (!record) {
        const job = await get(jobId);
        throw new DomainError(
          'conflict',
          `job ${jobId} is ${job.status} already; it cannot be cancelled`,
        );
      }
      logger.info({ jobId, by, status: record.status }, 'job cancel requested');
      if (record.status === 'running') {
        running.get(jobId)?.abort(CANCEL);
        nc.publish(`${CANCEL_SUBJECT_PREFIX}.${jobId}`);
      }
      broadcast(record);
      return record;
    },

    watch(signal: AbortSignal, jobId?: string): AsyncIterable<JobUpdate> {
      const subject = `${UPDATE_SUBJECT_PREFIX}.${jobId === undefined ? '*' : checkJobId(jobId)}`;
      // Subscribed now, not at the first next(): updates published after watch() returns are seen.
      const sub = nc.subscribe(subject);
      const end = () => sub.unsubscribe();
      if (signal.aborted) end();
      else signal.addEventListener('abort', end, { once: true });
      return {
        async *[Symbol.asyncIterator]() {
          try {
            for await (const m of sub) {
              try {
                yield m.json<JobUpdate>();
              } catch {
                logger.warn({ subject: m.subject }, 'unreadable job update ignored');
              }
            }
          } finally {
            signal.removeEventListener('abort', end);
            sub.unsubscribe();
          }
        },
      };
    },
  };
}
