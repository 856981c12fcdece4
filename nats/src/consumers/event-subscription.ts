// Reads a stream through an ordered consumer: no durable state on the server,
// no acks, gaps repaired by nats.js recreating the consumer. Meant for
// in-memory read models and live feeds that rebuild themselves at start-up.
import { DeliverPolicy, type NatsConnection, type OrderedConsumerOptions } from 'nats';
import { parseEnvelope, type BusEvent } from '../envelope.ts';
import { errorMessage, silentLogger, type BusLogger } from '../logger.ts';
import { watchConsumerStatus } from './setup.ts';

export interface SubscribedEvent extends BusEvent {
  subject: string;
  /** The message's sequence in the stream: resume with `{ startSeq: streamSeq + 1 }`. */
  streamSeq: number;
}

export interface InvalidEvent {
  subject: string;
  streamSeq: number;
  reason: string;
}

export interface EventSubscriptionOptions {
  nc: NatsConnection;
  stream: string;
  filterSubject?: string;
  /** Everything kept in the stream, only what arrives from now on, or from a sequence. */
  deliver: 'all' | 'new' | { startSeq: number };
  onEvent: (event: SubscribedEvent) => void | Promise<void>;
  onInvalid?: (event: InvalidEvent) => void | Promise<void>;
  logger?: BusLogger;
}

export interface SubscriptionStats {
  received: number;
  invalid: number;
  failed: number;
  /** Stream sequence of the last message seen, 0 before the first. */
  lastSeq: number;
}

export interface EventSubscription {
  stop(): Promise<void>;
  stats(): SubscriptionStats;
}

function deliverOptions(
  deliver: EventSubscriptionOptions['deliver'],
): Partial<OrderedConsumerOptions> {
  // nats.js's ordered consumer starts at sequence 1 by default (= everything);
  // DeliverPolicy.All on top of its start sequence would be refused by the server.
  if (deliver === 'all') return {};
  if (deliver === 'new') return { deliver_policy: DeliverPolicy.New };
  return { opt_start_seq: deliver.startSeq };
}

export async function startEventSubscription(
  options: EventSubscriptionOptions,
): Promise<EventSubscription> {
  const { nc, stream, onEvent, onInvalid } = options;
  const logger = options.logger ?? silentLogger;
  const stats: SubscriptionStats = { received: 0, invalid: 0, failed: 0, lastSeq: 0 };
  const consumer = await nc.jetstream().consumers.get(stream, {
    ...(options.filterSubject ? { filterSubjects: options.filterSubject } : {}),
    ...deliverOptions(options.deliver),
  });
  const messages = await consumer.consume();
  const label = `${stream} (ordered)`;
  void watchConsumerStatus(messages, logger, label);

  let stopping = false;
  const running = (async () => {
    for await (const m of messages) {
      if (stopping) break;
      stats.lastSeq = m.seq;
      const parsed = parseEnvelope(m.subject, m.data);
      try {
        if (parsed.ok) {
          stats.received++;
          await onEvent({
            contract: parsed.contract,
            envelope: parsed.envelope,
            subject: m.subject,
            streamSeq: m.seq,
          });
        } else {
          stats.invalid++;
          logger.warn(
            { stream, subject: m.subject, seq: m.seq, reason: parsed.reason },
            'invalid event skipped',
          );
          await onInvalid?.({ subject: m.subject, streamSeq: m.seq, reason: parsed.reason });
        }
      } catch (err) {
        // A read model that throws must not stop the feed for everyone else.
        stats.failed++;
        logger.error(
          { stream, subject: m.subject, seq: m.seq, err: errorMessage(err) },
          'event callback failed',
        );
      }
    }
  })().catch((err: unknown) => {
    logger.error({ stream, err: errorMessage(err) }, 'event subscription stopped unexpectedly');
  });

  return {
    stats: () => ({ ...stats }),
    stop: async () => {
      stopping = true;
      messages.stop();
      await running;
    },
  };
}
