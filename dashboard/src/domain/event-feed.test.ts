import { expect, it } from 'vitest';
import { createEventFeed, feedId, type FeedEvent } from './event-feed.ts';

function event(service: string, seq: number, type: string): FeedEvent {
  return {
    id: feedId(service, seq),
    service,
    stream: `${service.toUpperCase()}_EVENTS`,
    seq,
    subject: `${service}.evt.${type}.v1`,
    type,
    version: 1,
    eventId: crypto.randomUUID(),
    occurredAt: new Date().toISOString(),
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
  feed.add(event('streambot', 1, 'fact.created'));
  feed.add(event('streambot', 2, 'bot.status-changed'));
  feed.add(event('discord', 1, 'service.started'));
  feed.add(event('dashboard', 1, 'service.started'));
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
