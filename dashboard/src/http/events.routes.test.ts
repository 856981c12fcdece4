// The SSE route on app.request(), with the feed's history a stand-in over an
// array: the bound on a replay, the gap message and the cursor ids.
import { expect, it } from 'vitest';
import { readSse } from '../../test/sse.ts';
import { createEventFeed, feedId, matches, type FeedEvent } from '../domain/event-feed.ts';
import type { FeedHistory } from '../domain/feed-replay.ts';
import { eventRoutes } from './events.routes.ts';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');

function event(seq: number): FeedEvent {
  return {
    id: feedId('streambot', seq),
    service: 'streambot',
    stream: 'STREAMBOT_EVENTS',
    seq,
    subject: 'streambot.evt.fact.created.v1',
    type: 'fact.created',
    version: 1,
    eventId: crypto.randomUUID(),
    occurredAt: new Date(T0 + seq * 1000).toISOString(),
    data: { seq },
  };
}

const stored = Array.from({ length: 10 }, (_, i) => event(i + 1));
const history: FeedHistory = {
  count: async (_s, after, filter) =>
    stored.filter((e) => e.seq > after && matches(e, filter)).length,
  startOfNewest: async (_s, _after, _filter, keep) => stored[stored.length - keep]!.seq,
  read: async (_s, after, filter, { limit, upTo }) =>
    stored
      .filter((e) => e.seq > after && e.seq <= (upTo ?? Infinity) && matches(e, filter))
      .slice(0, limit),
};

it('replays at most its bound, says how many it skipped, then goes on live', async () => {
  const feed = createEventFeed(2);
  feed.follow('streambot', 1);
  for (const e of stored) feed.add(e);
  const shutdown = new AbortController();
  const app = eventRoutes(feed, shutdown.signal, { history, maxReplay: 3 });
  const res = await app.request('/stream?service=streambot', {
    headers: { 'last-event-id': 'streambot:0' },
  });
  const sse = readSse(res);
  try {
    const ready = await sse.next();
    expect(ready).toMatchObject({ event: 'ready', id: 'streambot:7' });
    expect(JSON.parse(ready.data)).toEqual({
      replayed: 3,
      resumed: true,
      skipped: 7,
      fromHistory: 3,
      problem: null,
    });
    const gap = await sse.next();
    expect(gap.event).toBe('gap');
    expect(JSON.parse(gap.data)).toEqual({
      skipped: 7,
      message: '7 older missed events were skipped; the newest ones follow',
    });
    for (const seq of [8, 9, 10]) expect((await sse.next()).id).toBe(`streambot:${seq}`);
    feed.add(event(11));
    expect(await sse.next()).toMatchObject({ id: 'streambot:11' });
  } finally {
    shutdown.abort();
    await sse.close();
  }
});

it('ends every open stream when the service shuts down, however many tabs are open', async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  const feed = createEventFeed(2);
  const shutdown = new AbortController();
  const app = eventRoutes(feed, shutdown.signal);
  const streams = await Promise.all(
    Array.from({ length: 12 }, async () => readSse(await app.request('/stream'))),
  );
  for (const sse of streams) expect((await sse.next()).event).toBe('ready');
  shutdown.abort();
  for (const sse of streams) await expect(sse.next(2_000)).rejects.toThrow(/ended/);
  await new Promise((r) => setImmediate(r));
  process.off('warning', onWarning);
  expect(warnings).not.toContain('MaxListenersExceededWarning');
});
