// DASHBOARD_JOBS: the dashboard's work queue on JetStream, and its one durable
// pull consumer that every dashboard instance pulls from. Work-queue retention
// hands each message to one puller at a time and drops it once acked; explicit
// acks with ack_wait (kept alive by working() while a job runs) bring back the
// message of a dashboard that died mid-job. Applied idempotently at start.
import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
  type ConsumerConfig,
  type NatsConnection,
  type StreamConfig,
} from 'nats';
import { RUN_SUBJECT_PREFIX } from './job-store.ts';

export const JOBS_STREAM = 'DASHBOARD_JOBS';
export const JOBS_CONSUMER = 'dashboard-jobs';
/** Core NATS subjects every instance hears: a job's changes, and cancels of running jobs. */
export const UPDATE_SUBJECT_PREFIX = 'dashboard.job.update';
export const CANCEL_SUBJECT_PREFIX = 'dashboard.job.cancel';

const DAY_MS = 24 * 3600 * 1000;

export function jobsStreamConfig(): StreamConfig {
  return {
    name: JOBS_STREAM,
    description:
      "The dashboard's background jobs (one message per job; the jobs table holds the rest)",
    subjects: [`${RUN_SUBJECT_PREFIX}.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    // A job nobody ran for a month is stale; its row still says 'queued' and can be cancelled.
    max_age: nanos(30 * DAY_MS),
    max_bytes: 64 * 1024 * 1024,
    max_msg_size: 64 * 1024,
    // Longer than any relay retry after a crash: Nats-Msg-Id = job id, a copy is dropped.
    duplicate_window: nanos(2 * 60_000),
    num_replicas: 1,
  } as StreamConfig;
}

export function jobsConsumerConfig(ackWaitMs: number): Partial<ConsumerConfig> {
  return {
    durable_name: JOBS_CONSUMER,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ackWaitMs),
    // Attempts are counted in the jobs table; the queue never gives up on a message by itself.
    max_deliver: -1,
    max_ack_pending: 1000,
    max_waiting: 512,
  };
}

const notFound = (err: unknown) =>
  err instanceof NatsError &&
  (err.api_error?.err_code === 10059 || err.api_error?.err_code === 10014);

const differs = (want: object, have: object) =>
  Object.entries(want).some(
    ([k, v]) => JSON.stringify(v) !== JSON.stringify((have as Record<string, unknown>)[k]),
  );

/** Creates or updates the stream and the consumer. */
export async function ensureJobsStream(nc: NatsConnection, ackWaitMs: number): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const stream = jobsStreamConfig();
  const info = await jsm.streams.info(JOBS_STREAM).catch((err: unknown) => {
    if (notFound(err)) return undefined;
    throw err;
  });
  if (!info) await jsm.streams.add(stream);
  else if (differs(stream, info.config)) await jsm.streams.update(JOBS_STREAM, stream);

  const consumer = jobsConsumerConfig(ackWaitMs);
  const have = await jsm.consumers.info(JOBS_STREAM, JOBS_CONSUMER).catch((err: unknown) => {
    if (notFound(err)) return undefined;
    throw err;
  });
  if (!have) await jsm.consumers.add(JOBS_STREAM, consumer);
  else if (differs(consumer, have.config)) {
    const { durable_name: _, deliver_policy: __, ...editable } = consumer;
    await jsm.consumers.update(JOBS_STREAM, JOBS_CONSUMER, editable);
  }
}
