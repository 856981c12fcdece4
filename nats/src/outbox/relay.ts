// The outbox relay: a loop that drains outbox_events into JetStream. It wakes
// on NOTIFY (when the database offers LISTEN), on kick(), and on a poll timer
// so a lost notification only delays an event. Failed passes back off.
import type { NatsConnection } from 'nats';
import type { SqlDatabase } from '../db/sql.ts';
import { errorMessage, silentLogger, type BusLogger } from '../logger.ts';
import { relayBatch, type BatchOutcome } from './relay-batch.ts';

export interface OutboxRelayOptions {
  nc: NatsConnection;
  db: SqlDatabase;
  logger?: BusLogger;
  /** Rows per transaction (default 100). */
  batchSize?: number;
  /** How often to look for rows without a notification (default 1000 ms). */
  pollIntervalMs?: number;
  /** How long to wait for each JetStream ack (default 5000 ms). */
  publishTimeoutMs?: number;
  /**
   * Ceiling of the back-off after failed passes (default 5 s): after an outage of the database or
   * of NATS, waiting events go out at most this long after it ends. A pass that fails costs one
   * query and one publish attempt, so retrying every few seconds is cheap.
   */
  maxBackoffMs?: number;
}

export interface RelayStats {
  published: number;
  failed: number;
  lastError?: string;
}

export interface OutboxRelay {
  stop(): Promise<void>;
  stats(): RelayStats;
  /** Look for rows now (e.g. right after a write when LISTEN is unavailable). */
  kick(): void;
}

// When rows wait on a batch another relay holds, look again soon: that relay
// commits within one publish round-trip, and its UPDATE sends no NOTIFY.
const HELD_RETRY_MS = 25;

export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { nc, db } = options;
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const js = nc.jetstream();
  const stats: RelayStats = { published: 0, failed: 0 };

  let stopped = false;
  let pending = false;
  let wake: (() => void) | undefined;
  let kickable = false;
  let unlisten: (() => Promise<void>) | undefined;

  const sleep = (ms: number, wakeable: boolean) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
      kickable = wakeable;
    });

  // A kick never cuts a failure back-off short; stop() always does.
  const kick = () => {
    pending = true;
    if (kickable) wake?.();
  };

  const backoff = (failures: number) => {
    const ceiling = Math.min(maxBackoffMs, 250 * 2 ** Math.min(failures, 12));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  };

  const loop = async () => {
    if (db.listen) {
      try {
        unlisten = await db.listen('outbox_events', kick);
      } catch (err) {
        logger.warn({ err: errorMessage(err) }, 'outbox relay cannot LISTEN, polling only');
      }
    }
    let failures = 0;
    while (!stopped) {
      pending = false;
      let outcome: BatchOutcome;
      try {
        outcome = await relayBatch(db, js, batchSize, publishTimeoutMs);
      } catch (err) {
        outcome = {
          claimed: 0,
          published: 0,
          duplicates: 0,
          failed: 1,
          held: 0,
          lastError: errorMessage(err),
        };
      }
      stats.published += outcome.published;
      stats.failed += outcome.failed;
      if (outcome.lastError !== undefined) stats.lastError = outcome.lastError;
      if (outcome.published > 0) {
        logger.debug(
          { published: outcome.published, duplicates: outcome.duplicates },
          'outbox relayed',
        );
      }
      if (stopped) break;
      if (outcome.failed > 0) {
        failures++;
        const wait = backoff(failures);
        logger.warn(
          { err: outcome.lastError, failures, retryInMs: Math.round(wait) },
          'outbox relay failed',
        );
        await sleep(wait, false);
        continue;
      }
      failures = 0;
      if (outcome.published > 0 && outcome.claimed === batchSize) continue;
      if (pending) continue;
      await sleep(outcome.held > 0 ? HELD_RETRY_MS : pollIntervalMs, true);
    }
  };

  const running = loop().catch((err: unknown) => {
    logger.error({ err: errorMessage(err) }, 'outbox relay stopped unexpectedly');
  });

  return {
    kick,
    stats: () => ({ ...stats }),
    stop: async () => {
      stopped = true;
      wake?.();
      await running;
      if (unlisten) await unlisten().catch(() => undefined);
    },
  };
}
