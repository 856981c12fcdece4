// The feed's history port on JetStream: counts and reads of a service's events
// stream from a sequence on, through short-lived ephemeral consumers of the
// dashboard's own (its NATS user may create them on every events stream). The
// type filter becomes the consumer's subject filter, since subjects are
// `<owner>.evt.<aggregate>.<event>.v<N>` and the type is `<aggregate>.<event>`,
// so the server counts only matching events.
import { parseEnvelope, STREAMS, isServiceName } from '@homelab/nats';
import { AckPolicy, DeliverPolicy, nanos, type JetStreamManager, type NatsConnection } from 'nats';
import { matches, type FeedEvent, type FeedFilter } from '../domain/event-feed.ts';
import type { FeedHistory } from '../domain/feed-replay.ts';
import { toFeedEvent } from './feed-subscriptions.ts';

const TYPE = /^[a-z0-9-]+(\.[a-z0-9-]+)?$/;
const BATCH = 1_000;
const STREAM_NOT_FOUND = 10059;

/** The subject filter for a type filter, or null when the type can match nothing. */
export function historySubject(service: string, type: string | undefined): string | null {
  if (!type) return `${service}.evt.>`;
  return TYPE.test(type) ? `${service}.evt.${type}.>` : null;
}

export function createJetStreamHistory(nc: NatsConnection): FeedHistory {
  let manager: Promise<JetStreamManager> | undefined;
  const jsm = () => (manager ??= nc.jetstreamManager());

  function target(service: string, filter: FeedFilter) {
    if (!isServiceName(service)) return null;
    const subject = historySubject(service, filter.type);
    return subject ? { stream: STREAMS[service].events, subject } : null;
  }

  /** An ephemeral consumer from startSeq; its info says how many messages match from there. */
  async function consumerFrom(stream: string, subject: string, startSeq: number) {
    return (await jsm()).consumers.add(stream, {
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(1, startSeq),
      filter_subject: subject,
      inactive_threshold: nanos(30_000),
      mem_storage: true,
      num_replicas: 1,
    });
  }

  async function drop(stream: string, name: string) {
    await (await jsm()).consumers.delete(stream, name).catch(() => undefined);
  }

  async function pendingFrom(stream: string, subject: string, startSeq: number): Promise<number> {
    const info = await consumerFrom(stream, subject, startSeq);
    await drop(stream, info.name);
    return info.num_pending;
  }

  // A stream whose owner never started has nothing to replay.
  const orNothing = async <T>(work: () => Promise<T>, nothing: T): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      if ((err as { api_error?: { err_code?: number } }).api_error?.err_code === STREAM_NOT_FOUND)
        return nothing;
      throw err;
    }
  };

  async function stateOf(stream: string) {
    return (await (await jsm()).streams.info(stream)).state;
  }

  return {
    async count(service, afterSeq, filter) {
      const t = target(service, filter);
      if (!t) return 0;
      return orNothing(async () => {
        if (filter.type) return pendingFrom(t.stream, t.subject, afterSeq + 1);
        const state = await stateOf(t.stream);
        return Math.max(0, state.last_seq - Math.max(afterSeq, state.first_seq - 1));
      }, 0);
    },

    async startOfNewest(service, afterSeq, filter, keep) {
      const t = target(service, filter);
      if (!t) return afterSeq + 1;
      const state = await stateOf(t.stream);
      let lo = Math.max(afterSeq + 1, state.first_seq);
      let hi = state.last_seq + 1;
      if (!filter.type) return Math.max(lo, hi - keep);
      // pending(seq) only falls as seq grows: find the last seq with `keep` still ahead.
      if (keep === 0) return hi;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if ((await pendingFrom(t.stream, t.subject, mid)) >= keep) lo = mid;
        else hi = mid;
      }
      return lo;
    },

    // Reads every message up to a sequence taken from the stream's state and filters
    // here: a consumer's pending figure (what a filtered read would stop on) was seen
    // to lag a just-stored message behind on nats-server 2.9, and that event would be lost.
    async read(service, afterSeq, filter, { limit, upTo }) {
      const t = target(service, filter);
      if (!t || limit <= 0) return [];
      const state = await orNothing(() => stateOf(t.stream), null);
      if (!state) return [];
      const stop = Math.min(upTo ?? state.last_seq, state.last_seq);
      if (stop <= afterSeq) return [];
      const info = await consumerFrom(t.stream, `${service}.evt.>`, afterSeq + 1);
      const found: FeedEvent[] = [];
      try {
        const consumer = await nc.jetstream().consumers.get(t.stream, info.name);
        for (let last = afterSeq; last < stop && found.length < limit;) {
          const batch = await consumer.fetch({
            max_messages: Math.min(BATCH, stop - last),
            expires: 2_000,
          });
          let got = 0;
          for await (const m of batch) {
            got++;
            last = m.seq;
            const parsed = parseEnvelope(m.subject, m.data);
            if (parsed.ok) {
              const event = toFeedEvent(service, t.stream, {
                ...parsed,
                subject: m.subject,
                streamSeq: m.seq,
              });
              if (matches(event, filter)) found.push(event);
            }
            if (last >= stop || found.length >= limit) {
              batch.stop();
              break;
            }
          }
          if (got === 0) break;
        }
        return found;
      } finally {
        await drop(t.stream, info.name);
      }
    },
  };
}
