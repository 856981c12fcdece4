// One relay pass: lock a batch of unpublished rows, publish them to JetStream,
// mark what was acknowledged, all inside one database transaction. Row locks
// (FOR UPDATE SKIP LOCKED) let several relays share the table; a crash before
// the commit leaves the rows unpublished, and the retry carries the same
// Nats-Msg-Id, so JetStream drops the copy inside its duplicate window.
import type { JetStreamClient } from 'nats';
import { STREAMS, isServiceName } from '../contracts/streams.ts';
import type { SqlClient, SqlDatabase } from '../db/sql.ts';
import { errorMessage } from '../logger.ts';

interface OutboxRow {
  seq: string | number | bigint;
  id: string;
  subject: string;
  aggregate_type: string;
  aggregate_id: string;
  envelope: unknown;
}

export interface BatchOutcome {
  /** Rows this pass locked. */
  claimed: number;
  published: number;
  duplicates: number;
  failed: number;
  /** Rows left for later because an earlier row of their aggregate is still pending elsewhere. */
  held: number;
  lastError?: string;
}

const CLAIM = `SELECT seq, id, subject, aggregate_type, aggregate_id, envelope
FROM outbox_events WHERE published_at IS NULL
ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`;

const params = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => `$${from + i}::bigint`).join(', ');

/**
 * Earliest still-unpublished row per aggregate that is not in this batch: a row
 * another relay has locked, or one whose transaction committed after ours read.
 * Rows of ours that come after it must wait, or the aggregate's order breaks.
 */
async function earliestForeignRows(tx: SqlClient, seqs: bigint[]): Promise<Map<string, bigint>> {
  const max = seqs.reduce((a, b) => (a > b ? a : b));
  const rows = await tx.query<{ aggregate_type: string; aggregate_id: string; first_seq: unknown }>(
    `SELECT aggregate_type, aggregate_id, MIN(seq) AS first_seq FROM outbox_events
     WHERE published_at IS NULL AND seq < $1::bigint AND seq NOT IN (${params(2, seqs.length)})
     GROUP BY aggregate_type, aggregate_id`,
    [String(max), ...seqs.map(String)],
  );
  return new Map(rows.map((r) => [key(r), BigInt(String(r.first_seq))]));
}

const key = (r: { aggregate_type: string; aggregate_id: string }) =>
  `${r.aggregate_type}\u0000${r.aggregate_id}`;

// Events must land in their owner's events stream. Other rows (a service's own work-queue
// messages, e.g. the dashboard's jobs) go to whichever stream of the service captures them.
function streamFor(subject: string): string | undefined {
  const [owner = '', kind] = subject.split('.', 2);
  return isServiceName(owner) && kind === 'evt' ? STREAMS[owner].events : undefined;
}

export async function relayBatch(
  db: SqlDatabase,
  js: JetStreamClient,
  batchSize: number,
  publishTimeoutMs: number,
): Promise<BatchOutcome> {
  return db.transaction(async (tx) => {
    const rows = await tx.query<OutboxRow>(CLAIM, [batchSize]);
    const outcome: BatchOutcome = {
      claimed: rows.length,
      published: 0,
      duplicates: 0,
      failed: 0,
      held: 0,
    };
    if (rows.length === 0) return outcome;

    const seqOf = (r: OutboxRow) => BigInt(String(r.seq));
    const foreign = await earliestForeignRows(tx, rows.map(seqOf));
    const chains = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const first = foreign.get(key(row));
      if (first !== undefined && first < seqOf(row)) {
        outcome.held++;
        continue;
      }
      const chain = chains.get(key(row)) ?? [];
      chain.push(row);
      chains.set(key(row), chain);
    }

    // Aggregates publish side by side; within one aggregate each publish waits
    // for the previous ack, and a failure stops the chain so nothing overtakes it.
    const done: string[] = [];
    const failures: { seq: string; error: string }[] = [];
    await Promise.all(
      [...chains.values()].map(async (chain) => {
        for (const row of chain) {
          const payload =
            typeof row.envelope === 'string' ? row.envelope : JSON.stringify(row.envelope);
          const stream = streamFor(row.subject);
          try {
            const ack = await js.publish(row.subject, payload, {
              msgID: row.id,
              timeout: publishTimeoutMs,
              ...(stream ? { expect: { streamName: stream } } : {}),
            });
            if (ack.duplicate) outcome.duplicates++;
            done.push(String(row.seq));
          } catch (err) {
            failures.push({ seq: String(row.seq), error: errorMessage(err) });
            return;
          }
        }
      }),
    );

    if (done.length > 0) {
      await tx.execute(
        `UPDATE outbox_events SET published_at = CURRENT_TIMESTAMP, attempts = attempts + 1
         WHERE seq IN (${params(1, done.length)})`,
        done,
      );
    }
    for (const f of failures) {
      await tx.execute(
        `UPDATE outbox_events SET attempts = attempts + 1, last_error = $1 WHERE seq = $2::bigint`,
        [f.error.slice(0, 2000), f.seq],
      );
    }
    outcome.published = done.length;
    outcome.failed = failures.length;
    if (failures.length > 0) outcome.lastError = failures[failures.length - 1]?.error;
    return outcome;
  });
}
