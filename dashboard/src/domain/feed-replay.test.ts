import { describe, expect, it } from 'vitest';
import { createEventFeed, feedId, matches, type FeedEvent, type FeedFilter } from './event-feed.ts';
import { mergeByOccurrence, planReplay, type FeedHistory } from './feed-replay.ts';

const SERVICES = ['streambot', 'discord', 'dashboard'];
const T0 = Date.parse('2026-11-27T10:00:00.000Z');

function event(service: string, seq: number, type = 'fact.created', at = seq): FeedEvent {
  return {
    id: feedId(service, seq),
    service,
    stream: `${service.toUpperCase()}_EVENTS`,
    seq,
    subject: `${service}.evt.${type}.v1`,
    type,
    version: 1,
    eventId: crypto.randomUUID(),
    occurredAt: new Date(T0 + at * 1000).toISOString(),
    data: {},
  };
}

/** Every event ever published, as the streams keep them (a stand-in for JetStream). */
function storedHistory(all: FeedEvent[]): FeedHistory & { reads: string[] } {
  const after = (service: string, seq: number, filter: FeedFilter) =>
    all.filter((e) => e.service === service && e.seq > seq && matches(e, filter));
  const reads: string[] = [];
  return {
    reads,
    count: async (service, seq, filter) => after(service, seq, filter).length,
    startOfNewest: async (service, seq, filter, keep) => {
      const list = after(service, seq, filter);
      return keep === 0 ? Infinity : list[list.length - keep]!.seq;
    },
    read: async (service, seq, filter, { limit, upTo }) => {
      reads.push(`${service}>${seq}`);
      return after(service, seq, filter)
        .filter((e) => upTo === undefined || e.seq <= upTo)
        .slice(0, limit);
    },
  };
}

/** A feed of `capacity` that has seen `all` (following each stream from its first event). */
function feedOf(capacity: number, all: FeedEvent[]) {
  const feed = createEventFeed(capacity);
  for (const s of SERVICES) feed.follow(s, 1);
  for (const e of all) feed.add(e);
  return feed;
}

const ids = (events: FeedEvent[]) => events.map((e) => e.id);

describe('planning what a browser is sent before the live events', () => {
  // streambot 1..6 at t=1,3,5,…; discord 1..3 at t=2,4,6.
  const all = [
    ...[1, 2, 3, 4, 5, 6].map((s) => event('streambot', s, 'fact.created', 2 * s - 1)),
    ...[1, 2, 3].map((s) => event('discord', s, 'guild.joined', 2 * s)),
  ].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));

  const plan = (
    lastEventId: string | undefined,
    capacity = 100,
    filter: FeedFilter = {},
    max = 100,
  ) => {
    const history = storedHistory(all);
    const planned = planReplay({
      feed: feedOf(capacity, all),
      history,
      services: SERVICES,
      filter,
      lastEventId,
      fresh: 3,
      max,
    });
    return { planned, history };
  };

  it('gives a fresh browser the newest few, with a cursor just before them', async () => {
    const p = await plan(undefined).planned;
    expect(p).toMatchObject({ resumed: false, problem: null, skipped: 0 });
    expect(ids(p.events)).toEqual(['streambot:4', 'streambot:5', 'streambot:6']);
    expect(Object.fromEntries(p.start)).toEqual({ streambot: 3, discord: 3, dashboard: 0 });
    expect(Object.fromEntries(p.end)).toEqual({ streambot: 6, discord: 3, dashboard: 0 });
  });

  it('resumes from memory when the ring still holds everything after the cursor', async () => {
    const { planned, history } = plan('streambot:4,discord:1,dashboard:0');
    const p = await planned;
    expect(ids(p.events)).toEqual(['discord:2', 'discord:3', 'streambot:5', 'streambot:6']);
    expect(p).toMatchObject({ resumed: true, fromHistory: 0, skipped: 0 });
    expect(history.reads).toEqual([]);
  });

  it('reads from the stream what the ring no longer holds, merged in order of occurrence', async () => {
    const { planned, history } = plan('streambot:1,discord:1,dashboard:0', 4);
    const p = await planned;
    expect(ids(p.events)).toEqual([
      'streambot:2',
      'discord:2',
      'streambot:3',
      'discord:3',
      'streambot:4',
      'streambot:5',
      'streambot:6',
    ]);
    // The ring keeps stream-bot's 4-6 and discord's 3: both streams are read back.
    expect(history.reads).toEqual(['streambot>1', 'discord>1']);
    expect(p.fromHistory).toBe(7);
    expect(Object.fromEntries(p.end)).toEqual({ streambot: 6, discord: 3, dashboard: 0 });
  });

  it('applies the filter to what it replays', async () => {
    const p = await plan('streambot:1,discord:0', 2, { service: 'discord' }).planned;
    expect(ids(p.events)).toEqual(['discord:1', 'discord:2', 'discord:3']);
    expect([...p.start.keys()]).toEqual(['discord']);
    const byType = await plan('streambot:0,discord:0,dashboard:0', 2, { type: 'fact' }).planned;
    expect(ids(byType.events)).toEqual([1, 2, 3, 4, 5, 6].map((s) => `streambot:${s}`));
  });

  it('skips the oldest past the bound and moves the cursor past them', async () => {
    const p = await plan('streambot:0,discord:0,dashboard:0', 2, {}, 6).planned;
    // 6 + 3 missed, 6 allowed: 4 of stream-bot's and 2 of discord's, the newest.
    expect(p.skipped).toBe(3);
    expect(ids(p.events)).toEqual([
      'discord:2',
      'streambot:3',
      'discord:3',
      'streambot:4',
      'streambot:5',
      'streambot:6',
    ]);
    expect(Object.fromEntries(p.start)).toEqual({ streambot: 2, discord: 1, dashboard: 0 });
  });

  it('starts afresh on a cursor it cannot read, saying why', async () => {
    const p = await plan('streambot:1;discord:2').planned;
    expect(p.resumed).toBe(false);
    expect(p.problem).toMatch(/not a feed cursor/);
    expect(p.events).toHaveLength(3);
  });

  it('starts a stream the cursor does not name where the feed is, and keeps a cursor ahead of it', async () => {
    const p = await plan('streambot:9').planned;
    expect(p.events).toEqual([]);
    expect(Object.fromEntries(p.start)).toEqual({ streambot: 9, discord: 3, dashboard: 0 });
  });

  it('owns up to a hole when the stream cannot be read', async () => {
    const feed = feedOf(2, all);
    const history = storedHistory(all);
    history.count = () => Promise.reject(new Error('nats: timeout'));
    const p = await planReplay({
      feed,
      history,
      services: SERVICES,
      filter: {},
      lastEventId: 'streambot:1,discord:3,dashboard:0',
      fresh: 3,
      max: 100,
    });
    expect(p.skipped).toBeNull();
    expect(p.problem).toMatch(/nats: timeout/);
    expect(Object.fromEntries(p.start)).toEqual({ streambot: 6, discord: 3, dashboard: 0 });
  });
});

it('merges streams by occurrence but never reorders one stream', () => {
  const a = [event('streambot', 1, 'x.y', 5), event('streambot', 2, 'x.y', 1)];
  const b = [event('discord', 1, 'x.y', 2), event('discord', 2, 'x.y', 6)];
  expect(ids(mergeByOccurrence([a, b]))).toEqual([
    'discord:1',
    'streambot:1',
    'streambot:2',
    'discord:2',
  ]);
});
