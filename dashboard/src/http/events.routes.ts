// The live event feed for browsers: a JSON snapshot and a server-sent-events
// stream. Each SSE message carries the feed id (`<service>:<stream seq>`), so
// a reconnecting EventSource resumes after the last one it saw.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { matches, type EventFeed, type FeedEvent, type FeedFilter } from '../domain/event-feed.ts';
import { parseInput } from './errors.ts';

const HEARTBEAT_MS = 15_000;
// A browser that stops reading must not make the server hold events for it
// forever: past this many unsent events the stream ends, and EventSource
// reconnects with Last-Event-ID to catch up from the feed.
const MAX_UNSENT = 1_000;

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

export function eventRoutes(feed: EventFeed, shutdown: AbortSignal) {
  return new Hono()
    .get('/recent', (c) => {
      const { filter, limit } = readFilter(c.req.query());
      return c.json({ events: feed.recent(filter, limit ?? 100) });
    })
    .get('/stream', (c) => {
      const { filter, replay } = readFilter(c.req.query());
      const lastId = c.req.header('last-event-id');
      return streamSSE(c, async (stream) => {
        const queue: FeedEvent[] = [];
        let wake: (() => void) | undefined;
        let overflow = false;
        const unsubscribe = feed.subscribe((event) => {
          if (!matches(event, filter)) return;
          if (queue.length >= MAX_UNSENT) overflow = true;
          else queue.push(event);
          wake?.();
        });
        // Subscribing and taking the backlog in one tick leaves no gap between them.
        const backlog = lastId ? feed.after(lastId, filter) : feed.recent(filter, replay ?? 50);
        const stop = () => wake?.();
        shutdown.addEventListener('abort', stop);
        stream.onAbort(stop);
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
        try {
          await stream.writeSSE({
            event: 'ready',
            data: JSON.stringify({ replayed: backlog.length }),
          });
          for (const event of backlog)
            await stream.writeSSE({ id: event.id, data: JSON.stringify(event) });
          while (!stream.aborted && !shutdown.aborted && !overflow) {
            const event = queue.shift();
            if (event) {
              await stream.writeSSE({ id: event.id, data: JSON.stringify(event) });
              continue;
            }
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
          }
        } finally {
          clearInterval(heartbeat);
          unsubscribe();
          shutdown.removeEventListener('abort', stop);
        }
      });
    });
}
