// A durable pull consumer whose handler writes to the service's database. The
// event id goes into processed_events in the handler's own transaction, so a
// redelivery (lost ack, ack wait expired, crash after commit) changes nothing.
import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type JetStreamClient,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { ServiceName } from '../contracts/streams.ts';
import type { SqlClient, SqlDatabase } from '../db/sql.ts';
import { parseEnvelope, type BusEvent } from '../envelope.ts';
import { errorMessage, silentLogger, type BusLogger } from '../logger.ts';
import { deadLetter } from './dead-letter.ts';
import { ensureDurable, watchConsumerStatus } from './setup.ts';

export interface ReceivedEvent extends BusEvent {
  subject: string;
  /** The message's sequence in the stream. */
  streamSeq: number;
  /** 1 on first delivery. */
  deliveryCount: number;
}

export interface DurableConsumerOptions {
  nc: NatsConnection;
  /** The consuming service: dead letters go to its DLQ stream. */
  service: ServiceName;
  stream: string;
  durable: string;
  filterSubject?: string;
  db: SqlDatabase;
  handler: (event: ReceivedEvent, tx: SqlClient) => Promise<void>;
  /** Deliveries before a failing message is dead-lettered (default 5). */
  maxDeliver?: number;
  /** How long the server waits for an ack before redelivering (default 30 s). */
  ackWaitMs?: number;
  /** First retry delay after a handler error, doubled each time up to 60 s (default 1 s). */
  retryDelayMs?: number;
  logger?: BusLogger;
}

export interface ConsumerStats {
  handled: number;
  duplicates: number;
  deadLettered: number;
  failed: number;
}

export interface DurableConsumer {
  stop(): Promise<void>;
  stats(): ConsumerStats;
}

const RECORD = `INSERT INTO processed_events (consumer, event_id, subject)
VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING`;

export async function startDurableConsumer(
  options: DurableConsumerOptions,
): Promise<DurableConsumer> {
  const { nc, stream, durable, db, handler } = options;
  const logger = options.logger ?? silentLogger;
  const maxDeliver = options.maxDeliver ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const consumerKey = `${stream}/${durable}`;
  const stats: ConsumerStats = { handled: 0, duplicates: 0, deadLettered: 0, failed: 0 };
  const target = { service: options.service, stream, durable };

  await ensureDurable(nc, stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    // Unbounded on the server: this code dead-letters after maxDeliver, so a
    // message is never dropped without a trace in the DLQ.
    max_deliver: -1,
    ...(options.filterSubject ? { filter_subject: options.filterSubject } : {}),
  });
  const js: JetStreamClient = nc.jetstream();
  const consumer = await js.consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: 100 });
  void watchConsumerStatus(messages, logger, consumerKey);

  const toDlq = async (m: JsMsg, reason: string): Promise<void> => {
    try {
      await deadLetter(js, target, m, reason);
      m.ack();
      stats.deadLettered++;
      logger.warn(
        { consumer: consumerKey, subject: m.subject, seq: m.seq, reason },
        'dead-lettered',
      );
    } catch (err) {
      // Without a DLQ write the message must stay: retry it later.
      m.nak(retryDelayMs);
      logger.error({ consumer: consumerKey, err: errorMessage(err) }, 'dead-letter publish failed');
    }
  };

  const databaseAnswers = () =>
    db.query('SELECT 1').then(
      () => true,
      () => false,
    );

  const process = async (m: JsMsg): Promise<void> => {
    const parsed = parseEnvelope(m.subject, m.data);
    if (!parsed.ok) return toDlq(m, parsed.reason);
    const event: ReceivedEvent = {
      contract: parsed.contract,
      envelope: parsed.envelope,
      subject: m.subject,
      streamSeq: m.seq,
      deliveryCount: m.info.deliveryCount,
    };
    let handlerFailed = false;
    try {
      const applied = await db.transaction(async (tx) => {
        const fresh = await tx.execute(RECORD, [consumerKey, event.envelope.id, m.subject]);
        if (fresh === 0) return false;
        await handler(event, tx).catch((err: unknown) => {
          handlerFailed = true;
          throw err;
        });
        return true;
      });
      m.ack();
      if (applied) stats.handled++;
      else stats.duplicates++;
    } catch (err) {
      stats.failed++;
      const n = m.info.deliveryCount;
      // Give up on a message only when its handler threw while the database
      // works. When BEGIN, the processed_events insert or COMMIT fail, or the
      // database is down now, every event would fail alike: keep retrying.
      if (n >= maxDeliver && handlerFailed && (await databaseAnswers())) {
        return toDlq(m, `handler failed ${n} times, last: ${errorMessage(err)}`);
      }
      const delay = Math.min(60_000, retryDelayMs * 2 ** Math.min(n - 1, 16));
      m.nak(delay);
      logger.warn(
        {
          consumer: consumerKey,
          subject: m.subject,
          seq: m.seq,
          attempt: n,
          retryInMs: delay,
          err: errorMessage(err),
        },
        'event handler failed, will retry',
      );
    }
  };

  const running = (async () => {
    // After stop() the iterator still yields what was already pulled, then
    // ends; handling those few beats leaving them to wait out the ack wait.
    for await (const m of messages) await process(m);
  })().catch((err: unknown) => {
    logger.error(
      { consumer: consumerKey, err: errorMessage(err) },
      'durable consumer stopped unexpectedly',
    );
  });

  return {
    stats: () => ({ ...stats }),
    stop: async () => {
      messages.stop();
      await running;
    },
  };
}
