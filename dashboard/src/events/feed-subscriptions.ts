// Feeds the live event feed from every service's events stream: the last N
// messages of each stream first, then whatever arrives. A stream that does
// not exist yet (its owner never started) is looked for again until it does.
// (Older events a resuming browser missed are read by events/feed-history.ts.)
import {
  SERVICE_NAMES,
  STREAMS,
  startEventSubscription,
  type SubscribedEvent,
} from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { feedId, type EventFeed, type FeedEvent } from '../domain/event-feed.ts';
import type { Logger } from '@homelab/nats/runtime';

export interface FeedSubscriptionOptions {
  nc: NatsConnection;
  feed: EventFeed;
  /** How many of each stream's newest messages to replay at start. */
  replay: number;
  /** Also told about every event, e.g. to keep read models fresh. */
  onEvent?: (event: SubscribedEvent) => void;
  logger: Logger;
  retryMs?: number;
}

export function toFeedEvent(service: string, stream: string, e: SubscribedEvent): FeedEvent {
  return {
    id: feedId(service, e.streamSeq),
    service,
    stream,
    seq: e.streamSeq,
    subject: e.subject,
    type: e.envelope.type,
    version: e.envelope.version,
    eventId: e.envelope.id,
    occurredAt: e.envelope.occurredAt,
    data: e.envelope.data,
  };
}

export function startFeedSubscriptions(options: FeedSubscriptionOptions) {
  const { nc, feed, logger } = options;
  const retryMs = options.retryMs ?? 5_000;
  const live = new Map<string, { stop(): Promise<void> }>();
  let stopped = false;
  const sleepers = new Set<() => void>();

  async function follow(service: (typeof SERVICE_NAMES)[number]): Promise<void> {
    const stream = STREAMS[service].events;
    while (!stopped) {
      try {
        const jsm = await nc.jetstreamManager();
        const { state } = await jsm.streams.info(stream);
        // Always by start sequence: nats.js's ordered consumer sends an opt_start_seq
        // with 'all'/'new' too, which nats-server 2.9 refuses (err 10094).
        const startSeq = Math.max(1, state.first_seq, state.last_seq - options.replay + 1);
        // From here on the feed knows what it holds of this stream (for exact resumes).
        feed.follow(service, startSeq);
        const subscription = await startEventSubscription({
          nc,
          stream,
          deliver: { startSeq },
          logger: logger.child({ stream }),
          onEvent: (e) => {
            feed.add(toFeedEvent(service, stream, e));
            options.onEvent?.(e);
          },
        });
        if (stopped) await subscription.stop();
        else live.set(stream, subscription);
        return;
      } catch (err) {
        logger.debug({ err, stream, retryMs }, 'stream not readable yet, will look again');
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            sleepers.delete(done);
            resolve();
          };
          const timer = setTimeout(done, retryMs);
          sleepers.add(done);
        });
      }
    }
  }

  const following = Promise.all(SERVICE_NAMES.map((s) => follow(s)));

  return {
    /** Streams being followed right now. */
    streams: () => [...live.keys()],
    stop: async () => {
      stopped = true;
      for (const done of [...sleepers]) done();
      await following;
      await Promise.all([...live.values()].map((s) => s.stop()));
    },
  };
}
