// The live event feed for browsers: a JSON snapshot and a server-sent-events
// stream. Each SSE message's id is a resume cursor (domain/feed-cursor.ts), so
// a reconnecting EventSource gets exactly the events it missed, then the live
// ones: the stream subscribes to the feed before it plans the replay and
// drops any live event at or below the cursor, so none is lost or sent twice.
import { SERVICE_NAMES } from '@homelab/nats';
import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { z } from 'zod';
import { matches, type EventFeed, type FeedEvent, type FeedFilter } from '../domain/event-feed.ts';
import { formatCursor, type FeedCursor } from '../domain/feed-cursor.ts';
import { planReplay, type FeedHistory, type ReplayPlan } from '../domain/feed-replay.ts';
import { parseInput } from './errors.ts';

const HEARTBEAT_MS = 15_000;
// A browser that stops reading must not make the server hold events for it
// forever: past this many unsent events the stream ends, and EventSource
// reconnects with Last-Event-ID to catch up.
const MAX_UNSENT = 1_000;
// A browser away for long does not get a day of events in one go.
const MAX_REPLAY = 10_000;

export interface EventRoutesOptions {
  /** Stored events, for resumes memory no longer covers. */
  history?: FeedHistory | undefined;
  maxReplay?: number;
}

const filterQuery = z.object({
  service: z.string().max(64).optional(),
  type: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  replay: z.coerce.number().int().min(0).max(10_000).optional(),
});

function readFilter(query: Record<string, string>) {
  const { service, type, limit, replay } = parseInput(filterQuery, query);
  return { filter: { service, type } satisfies FeedFilter, limit, replay };
}

function readyMessage(plan: ReplayPlan) {
  const { resumed, skipped, fromHistory, problem } = plan;
  return { replayed: plan.events.length, resumed, skipped, fromHistory, problem };
}

function gapMessage(skipped: number | null, problem: string | null) {
  const message =
    skipped === null
      ? `some missed events may be missing: ${problem ?? 'history unreadable'}`
      : `${skipped} older missed events were skipped; the newest ones follow`;
  return { skipped, message };
}

export function eventRoutes(
  feed: EventFeed,
  shutdown: AbortSignal,
  options: EventRoutesOptions = {},
) {
  // One listener on the shared signal for every open stream: a listener each
  // would pass Node's limit of 10 (MaxListenersExceededWarning) with 11 tabs open.
  const open = new Set<() => void>();
  shutdown.addEventListener('abort', () => open.forEach((stop) => stop()), { once: true });

  return new Hono()
    .get('/recent', (c) => {
      const { filter, limit } = readFilter(c.req.query());
      return c.json({ events: feed.recent(filter, limit ?? 100) });
    })
    .get('/stream', (c) => {
      const { filter, replay } = readFilter(c.req.query());
      const lastEventId = c.req.header('last-event-id');
      return streamSSE(c, async (stream) => {
        const queue: FeedEvent[] = [];
        let wake: (() => void) | undefined;
        let overflow = false;
        let position: FeedCursor | undefined;
        const inScope = (e: FeedEvent) => !filter.service || e.service === filter.service;
        const unsubscribe = feed.subscribe((event) => {
          if (!matches(event, filter)) {
            // Nothing unsent before it: the cursor may move past it now.
            if (position && queue.length === 0 && inScope(event)) advance(position, event);
            return;
          }
          if (queue.length >= MAX_UNSENT) overflow = true;
          else queue.push(event);
          wake?.();
        });
        // Its synchronous part runs in this tick, right after subscribing.
        const planned = planReplay({
          feed,
          history: options.history,
          services: SERVICE_NAMES,
          filter,
          lastEventId,
          fresh: replay ?? 50,
          max: options.maxReplay ?? MAX_REPLAY,
        });
        const stop = () => wake?.();
        open.add(stop);
        stream.onAbort(stop);
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
        try {
          const plan = await planned;
          const at = new Map(plan.start);
          await write(stream, at, 'ready', readyMessage(plan));
          if (plan.skipped !== 0)
            await write(stream, at, 'gap', gapMessage(plan.skipped, plan.problem));
          for (const event of plan.events) await send(stream, at, event);
          for (const [service, seq] of plan.end) advance(at, { service, seq });
          position = at;
          while (!stream.aborted && !shutdown.aborted && !overflow) {
            const event = queue.shift();
            if (event) {
              if (event.seq > (at.get(event.service) ?? 0)) await send(stream, at, event);
              continue;
            }
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
          open.delete(stop);
        }
      });
    });
}

function advance(at: FeedCursor, e: { service: string; seq: number }) {
  at.set(e.service, Math.max(at.get(e.service) ?? 0, e.seq));
}

async function send(stream: SSEStreamingApi, at: FeedCursor, event: FeedEvent) {
  advance(at, event);
  await stream.writeSSE({ id: formatCursor(at, SERVICE_NAMES), data: JSON.stringify(event) });
}

async function write(stream: SSEStreamingApi, at: FeedCursor, event: string, data: unknown) {
  const id = formatCursor(at, SERVICE_NAMES);
  await stream.writeSSE({ event, data: JSON.stringify(data), ...(id ? { id } : {}) });
}
