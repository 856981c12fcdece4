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

it('ignores an event at or below the newest sequence seen from its stream', () => {
  const feed = createEventFeed(10);
  const seen: string[] = [];
  feed.subscribe((e) => seen.push(e.id));
  expect(feed.add(event('discord', 7, 'guild.joined'))).toBe(true);
  expect(feed.add(event('discord', 7, 'guild.joined'))).toBe(false);
  expect(feed.add(event('discord', 6, 'guild.joined'))).toBe(false);
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

it('says whether memory still holds every event of a stream after a sequence', () => {
  const feed = createEventFeed(3);
  feed.follow('streambot', 3);
  expect(feed.heads().get('streambot')).toBe(2);
  expect(feed.heldAfter('streambot', 1)).toBeUndefined();
  for (let seq = 3; seq <= 6; seq++) feed.add(event('streambot', seq, 'fact.created'));
  expect(feed.heldAfter('streambot', 4)?.map((e) => e.seq)).toEqual([5, 6]);
  expect(feed.heldAfter('streambot', 3)?.map((e) => e.seq)).toEqual([4, 5, 6]);
  // Sequence 3 fell out of the ring: a browser after 2 must be served from the stream.
  expect(feed.heldAfter('streambot', 2)).toBeUndefined();
  expect(feed.heldAfter('discord', 0)).toBeUndefined();
  expect(feed.heads().get('streambot')).toBe(6);
});

it('tells listeners of an event that occurred before everything it keeps, but does not keep it', () => {
  const feed = createEventFeed(2);
  feed.follow('streambot', 1);
  feed.follow('discord', 1);
  const seen: string[] = [];
  feed.subscribe((e) => seen.push(e.id));
  feed.add(event('streambot', 1, 'fact.created', T0 + 10));
  feed.add(event('streambot', 2, 'fact.created', T0 + 20));
  expect(feed.add(event('discord', 1, 'guild.joined', T0))).toBe(true);
  expect(seen).toEqual(['streambot:1', 'streambot:2', 'discord:1']);
  expect(feed.recent().map((e) => e.id)).toEqual(['streambot:1', 'streambot:2']);
  expect(feed.heldAfter('discord', 0)).toBeUndefined();
  expect(feed.heldAfter('discord', 1)).toEqual([]);
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
  // Older than everything kept: announced, not kept.
  expect(feed.add(event('dashboard', 1, 'service.started', T0))).toBe(true);
  expect(feed.recent()).toHaveLength(4);
});
