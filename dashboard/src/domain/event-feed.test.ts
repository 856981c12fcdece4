import { expect, it } from 'vitest';
import { createEventFeed, feedId, type FeedEvent } from './event-feed.ts';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');

function event(service: string, seq: number, type: string, at = T0 + seq * 1000): FeedEvent {
  return {
    id: feedId(service, seq),
    service,
    stream: `${service.toUpperCase()}_EVENTS`,
    seq,
    subject: `${service}.evt.${type}.v1`,
    type,
    version: 1,
    eventId: crypto.randomUUID(),
    occurredAt: new Date(at).toISOString(),
    data: {},
  };
}

it('keeps only the newest events up to its capacity, oldest first', () => {
  const feed = createEventFeed(3);
  for (let seq = 1; seq <= 5; seq++) feed.add(event('streambot', seq, 'fact.created'));
  expect(feed.recent().map((e) => e.seq)).toEqual([3, 4, 5]);
});

it('ignores an event it already holds, so replays after a reconnect do not double up', () => {
  const feed = createEventFeed(10);
  const seen: string[] = [];
  feed.subscribe((e) => seen.push(e.id));
  expect(feed.add(event('discord', 7, 'guild.joined'))).toBe(true);
  expect(feed.add(event('discord', 7, 'guild.joined'))).toBe(false);
  expect(seen).toEqual(['discord:7']);
});

it('filters by service and by exact type or aggregate', () => {
  const feed = createEventFeed(10);
  feed.add(event('streambot', 1, 'fact.created', T0 + 1));
  feed.add(event('streambot', 2, 'bot.status-changed', T0 + 2));
  feed.add(event('discord', 1, 'service.started', T0 + 3));
  feed.add(event('dashboard', 1, 'service.started', T0 + 4));
  expect(feed.recent({ service: 'streambot' }).map((e) => e.id)).toEqual([
    'streambot:1',
    'streambot:2',
  ]);
  expect(feed.recent({ type: 'fact' }).map((e) => e.id)).toEqual(['streambot:1']);
  expect(feed.recent({ type: 'fac' })).toEqual([]);
  expect(feed.recent({ type: 'service.started', service: 'discord' }).map((e) => e.id)).toEqual([
    'discord:1',
  ]);
  expect(feed.recent({}, 2).map((e) => e.id)).toEqual(['discord:1', 'dashboard:1']);
});

it('hands back what arrived after a given id, for a reconnecting browser', () => {
  const feed = createEventFeed(10);
  for (let seq = 1; seq <= 4; seq++) feed.add(event('streambot', seq, 'fact.created'));
  expect(feed.after('streambot:2').map((e) => e.seq)).toEqual([3, 4]);
  expect(feed.after('streambot:99').map((e) => e.seq)).toEqual([1, 2, 3, 4]);
});

it('keeps the newest events overall when streams are replayed one after another', () => {
  const feed = createEventFeed(4);
  // stream-bot's replay arrives first, discord's second; their events interleave in time.
  for (const [seq, at] of [
    [1, 1],
    [2, 3],
    [3, 5],
  ] as const)
    feed.add(event('streambot', seq, 'fact.created', T0 + at));
  for (const [seq, at] of [
    [1, 2],
    [2, 4],
    [3, 6],
  ] as const)
    feed.add(event('discord', seq, 'guild.joined', T0 + at));
  expect(feed.recent().map((e) => e.id)).toEqual(
    ['discord:1', 'streambot:2', 'discord:2', 'streambot:3', 'discord:3'].slice(1),
  );
  expect(feed.add(event('dashboard', 1, 'service.started', T0))).toBe(false);
});
