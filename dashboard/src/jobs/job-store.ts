// The jobs table. A job's row and its queue message are written in one
// transaction (the message as an outbox row the relay publishes to
// DASHBOARD_JOBS with Nats-Msg-Id = the job's id), so they never diverge.
// Every write a run makes is fenced by the attempt it claimed: a run that
// lost its message (its dashboard stalled past ack_wait and another took the
// job over) can no longer change the row.
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import type { JobKind, JobRecord, JobStatus } from './types.ts';

export const RUN_SUBJECT_PREFIX = 'dashboard.job.run';
export const runSubject = (kind: JobKind) => `${RUN_SUBJECT_PREFIX}.${kind}`;

/** The queue message: the row holds everything else. */
export interface JobMessage {
  id: string;
  kind: JobKind;
}

const COLUMNS = `id, kind, status, payload::text AS payload, result::text AS result, error, attempts,
  max_attempts, progress_percent, progress_message, requested_by, cancel_requested_at,
  created_at, started_at, finished_at, updated_at`;

interface Row {
  id: string;
  kind: string;
  status: string;
  payload: string;
  result: string | null;
  error: string | null;
  attempts: number;
  max_attempts: number;
  progress_percent: number | null;
  progress_message: string | null;
  requested_by: string;
  cancel_requested_at: Date | string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

function toRecord(r: Row): JobRecord {
  return {
    id: r.id,
    kind: r.kind as JobKind,
    status: r.status as JobStatus,
    payload: JSON.parse(r.payload) as unknown,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error,
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    progressPercent: r.progress_percent === null ? null : Number(r.progress_percent),
    progressMessage: r.progress_message,
    requestedBy: r.requested_by,
    cancelRequested: r.cancel_requested_at !== null,
    createdAt: iso(r.created_at),
    startedAt: isoOrNull(r.started_at),
    finishedAt: isoOrNull(r.finished_at),
    updatedAt: iso(r.updated_at),
  };
}

const one = (rows: Row[]) => (rows[0] ? toRecord(rows[0]) : undefined);

/** Error texts are bounded; a long stack or engine message is cut, never refused. */
export const cutError = (text: string) => (text.length > 4000 ? `${text.slice(0, 4000)}…` : text);

export interface NewJob {
  id: string;
  kind: JobKind;
  payload: unknown;
  maxAttempts: number;
  requestedBy: string;
}

export interface ListFilter {
  kind?: JobKind;
  status?: JobStatus;
  limit: number;
}

export function createJobStore(sql: SqlDatabase) {
  const insert = async (tx: SqlClient, job: NewJob) => {
    const rows = await tx.query<Row>(
      `INSERT INTO jobs (id, kind, status, payload, max_attempts, requested_by, created_at, updated_at)
       VALUES ($1::uuid, $2, 'queued', $3::jsonb, $4, $5, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
       RETURNING ${COLUMNS}`,
      [job.id, job.kind, JSON.stringify(job.payload ?? null), job.maxAttempts, job.requestedBy],
    );
    const message: JobMessage = { id: job.id, kind: job.kind };
    // The outbox row's id becomes the Nats-Msg-Id: a relay retried after a crash is dropped
    // by JetStream's duplicate window instead of queueing the job twice.
    await tx.execute(
      `INSERT INTO outbox_events (id, subject, aggregate_type, aggregate_id, envelope)
       VALUES ($1::uuid, $2, 'job', $3, $4::jsonb)`,
      [job.id, runSubject(job.kind), job.id, JSON.stringify(message)],
    );
    const record = one(rows);
    if (!record) throw new Error('jobs insert returned no row');
    return record;
  };

  return {
    /** In the caller's transaction when given, else in one of its own. */
    insert: (job: NewJob, tx?: SqlClient) =>
      tx ? insert(tx, job) : sql.transaction((own) => insert(own, job)),

    get: async (id: string) =>
      one(await sql.query<Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1::uuid`, [id])),

    list: async (f: ListFilter) => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.kind) where.push(`kind = $${params.push(f.kind)}`);
      if (f.status) where.push(`status = $${params.push(f.status)}`);
      const rows = await sql.query<Row>(
        `SELECT ${COLUMNS} FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT $${params.push(f.limit)}`,
        params,
      );
      return rows.map(toRecord);
    },

    /**
     * Takes the job for a run: counts the attempt and returns the row, or undefined when it
     * must not run (finished, cancelled, or a cancel is pending).
     */
    claim: async (id: string) =>
      one(
        await sql.query<Row>(
          `UPDATE jobs SET status = 'running', attempts = attempts + 1,
             started_at = COALESCE(started_at, CURRENT_TIMESTAMP), updated_at = CURRENT_TIMESTAMP,
             progress_percent = NULL, progress_message = NULL
           WHERE id = $1::uuid AND status IN ('queued', 'running') AND cancel_requested_at IS NULL
           RETURNING ${COLUMNS}`,
          [id],
        ),
      ),

    /** A cancel requested while no run held the job (its dashboard died): it ends cancelled. */
    cancelPending: async (id: string) =>
      one(
        await sql.query<Row>(
          `UPDATE jobs SET status = 'cancelled', finished_at = CURRENT_TIMESTAMP,
             updated_at = CURRENT_TIMESTAMP
           WHERE id = $1::uuid AND status IN ('queued', 'running') AND cancel_requested_at IS NOT NULL
           RETURNING ${COLUMNS}`,
          [id],
        ),
      ),

    progress: async (id: string, attempt: number, percent: number | null, message: string) =>
      one(
        await sql.query<Row>(
          `UPDATE jobs SET progress_percent = $3, progress_message = $4, updated_at = CURRENT_TIMESTAMP
           WHERE id = $1::uuid AND attempts = $2 AND status = 'running'
           RETURNING ${COLUMNS}`,
          [id, attempt, percent, message],
        ),
      ),

    /** Ends the run: succeeded, failed or cancelled for good. */
    finish: async (
      id: string,
      attempt: number,
      outcome:
        | { status: 'succeeded'; result: unknown }
        | { status: 'failed'; error: string }
        | { status: 'cancelled' },
    ) =>
      one(
        await sql.query<Row>(
          `UPDATE jobs SET status = $3, result = $4::jsonb, error = $5,
             finished_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP,
             progress_percent = CASE WHEN $3 = 'succeeded' THEN 100 ELSE progress_percent END
           WHERE id = $1::uuid AND attempts = $2 AND status = 'running'
           RETURNING ${COLUMNS}`,
          [
            id,
            attempt,
            outcome.status,
            outcome.status === 'succeeded' ? JSON.stringify(outcome.result ?? null) : null,
            outcome.status === 'failed' ? cutError(outcome.error) : null,
          ],
        ),
      ),

    /** Back in the queue: a retry after a failure, or a run the dashboard's stop interrupted. */
    requeue: async (id: string, attempt: number, error: string | null, message: string) =>
      one(
        await sql.query<Row>(
          `UPDATE jobs SET status = 'queued', error = COALESCE($3, error), progress_message = $4,
             updated_at = CURRENT_TIMESTAMP
           WHERE id = $1::uuid AND attempts = $2 AND status = 'running'
           RETURNING ${COLUMNS}`,
          [id, attempt, error === null ? null : cutError(error), message],
        ),
      ),

    /** A queued job is cancelled at once; a running one is marked, and its run ends it. */
    requestCancel: async (id: string) =>
      one(
        await sql.query<Row>(
          `UPDATE jobs SET
             status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
             finished_at = CASE WHEN status = 'queued' THEN CURRENT_TIMESTAMP ELSE finished_at END,
             cancel_requested_at = COALESCE(cancel_requested_at, CURRENT_TIMESTAMP),
             updated_at = CURRENT_TIMESTAMP
           WHERE id = $1::uuid AND status IN ('queued', 'running')
           RETURNING ${COLUMNS}`,
          [id],
        ),
      ),
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
