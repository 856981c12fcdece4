// The dashboard's background work, as every feature sees it: a handler per job
// kind, a queue to enqueue into, and updates to follow. Deployments, media
// imports and AI analyses run as jobs on a JetStream work queue of the
// dashboard's own, so they survive a restart, report progress, can be
// cancelled, and stop with their error recorded after their last attempt.
import type { SqlClient } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { z } from 'zod';

export const JOB_KINDS = ['deployment', 'plex-import', 'ai-analysis'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  /** 0-100 when known. */
  percent?: number;
  /** What is happening now, for a person ("pulling localhost/app:2", "copied 3 of 7 files"). */
  message: string;
}

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry … */
  attempt: number;
  maxAttempts: number;
  /** Aborted when someone cancels the job or the dashboard stops. */
  signal: AbortSignal;
  /** Records progress (throttled) and tells every watcher. */
  progress(update: JobProgress): void;
  log: Logger;
}

export interface JobHandler<P = unknown> {
  kind: JobKind;
  /** Checked when enqueued and again when run. */
  payload: z.ZodType<P>;
  /** Attempts before the job fails for good (default 3). */
  maxAttempts?: number;
  /**
   * Does the work. The resolved value is stored as the job's result (JSON).
   * Throw a JobFailure with retry: false for errors a retry cannot mend.
   * Must be safe to run again after a crash half-way (the job is redelivered).
   */
  run(payload: P, ctx: JobContext): Promise<unknown>;
}

/** A failure a handler knows will not go away on a retry (bad input, missing image …). */
export class JobFailure extends Error {
  override name = 'JobFailure';
  readonly retry: boolean;
  constructor(message: string, options: { retry?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.retry = options.retry ?? false;
  }
}

export interface JobRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  payload: unknown;
  result: unknown;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  progressPercent: number | null;
  progressMessage: string | null;
  requestedBy: string;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** What watchers (the UI over SSE, tests) hear on every change of a job. */
export type JobUpdate = Pick<
  JobRecord,
  | 'id'
  | 'kind'
  | 'status'
  | 'attempts'
  | 'maxAttempts'
  | 'progressPercent'
  | 'progressMessage'
  | 'error'
  | 'updatedAt'
>;

export interface EnqueueOptions {
  requestedBy: string;
  /**
   * The caller's open transaction: the job exists exactly when the caller's own row
   * (a deployment, an artifact's analysis …) commits.
   */
  tx?: SqlClient;
  /** Fixes the job's id (e.g. chosen before the caller's own row is written). */
  jobId?: string;
}

export interface JobQueue {
  /** Checks the payload against the kind's schema (invalid_input) and stores + queues the job. */
  enqueue(kind: JobKind, payload: unknown, options: EnqueueOptions): Promise<JobRecord>;
  get(id: string): Promise<JobRecord>;
  list(filter?: { kind?: JobKind; status?: JobStatus; limit?: number }): Promise<JobRecord[]>;
  /** Queued: never runs. Running: its signal aborts. Finished: conflict. */
  cancel(id: string, by: string): Promise<JobRecord>;
  /** Every update of every job (or of one) until signal aborts. */
  watch(signal: AbortSignal, jobId?: string): AsyncIterable<JobUpdate>;
}
