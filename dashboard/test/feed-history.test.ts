// The feed's history port on a real nats-server: counts, the start of the newest
// few, reads, and the bounded replay it gives a browser away too long. A server
// of this file's own, so no other test's events are on the streams.
import { closeBus, ensureStreams, events, makeEnvelope, type EventContract } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNatsServer, type NatsServerHandle } from '../../tools/test-env/mod.ts';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import { createEventFeed } from '../src/domain/event-feed.ts';
import { planReplay, type FeedHistory } from '../src/domain/feed-replay.ts';
import { createJetStreamHistory } from '../src/events/feed-history.ts';

let nats: NatsServerHandle;
let streambot: NatsConnection;
let dashboard: NatsConnection;
let history: FeedHistory;
const facts: number[] = [];
const statuses: number[] = [];
let at = Date.parse('2026-11-28T09:00:00.000Z');

async function publish(contract: EventContract): Promise<number> {
  const envelope = makeEnvelope(contract, contract.example, { occurredAt: new Date((at += 1000)) });
  const ack = await streambot
    .jetstream()
    .publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id });
  return ack.seq;
}

beforeAll(async () => {
  nats = await startNatsServer();
  streambot = await connectAs('streambot', nats.url);
  dashboard = await connectAs('dashboard', nats.url);
  await ensureStreams(streambot, 'streambot');
  // 40 events: a status change after every third fact.
  for (let i = 1; i <= 30; i++) {
    facts.push(await publish(events.factCreated));
    if (i % 3 === 0) statuses.push(await publish(events.botStatusChanged));
  }
  history = createJetStreamHistory(dashboard);
});
afterAll(async () => {
  if (dashboard) await closeBus(dashboard);
  if (streambot) await closeBus(streambot);
  await nats?.dispose();
});

it('counts what follows a sequence, all of it or one type', async () => {
  expect(await history.count('streambot', 0, {})).toBe(40);
  expect(await history.count('streambot', 30, {})).toBe(10);
  expect(await history.count('streambot', 0, { type: 'fact.created' })).toBe(30);
  expect(await history.count('streambot', 0, { type: 'bot' })).toBe(10);
  expect(await history.count('streambot', 0, { type: 'fact.*' })).toBe(0);
  // A stream whose owner never started: nothing to replay, no error.
  expect(await history.count('discord', 0, {})).toBe(0);
});

it('reads matching events in order, up to a sequence or a number', async () => {
  const read = await history.read('streambot', 4, { type: 'fact' }, { limit: 100, upTo: 12 });
  expect(read.map((e) => e.seq)).toEqual(facts.filter((s) => s > 4 && s <= 12));
  expect(read[0]).toMatchObject({
    service: 'streambot',
    stream: 'STREAMBOT_EVENTS',
    type: 'fact.created',
  });
  const few = await history.read('streambot', 0, { type: 'bot.status-changed' }, { limit: 3 });
  expect(few.map((e) => e.seq)).toEqual(statuses.slice(0, 3));
  expect(await history.read('discord', 0, {}, { limit: 10 })).toEqual([]);
});

it('finds where the newest few of a type begin', async () => {
  expect(await history.startOfNewest('streambot', 0, { type: 'fact.created' }, 5)).toBe(
    facts.at(-5),
  );
  expect(await history.startOfNewest('streambot', 0, {}, 5)).toBe(36);
});

it('replays at most the bound to a browser away too long, newest first kept, and counts the rest', async () => {
  const feed = createEventFeed(3);
  // It has read the stream up to its end (40) but holds none of it.
  feed.follow('streambot', 41);
  const plan = await planReplay({
    feed,
    history,
    services: ['streambot', 'discord', 'dashboard'],
    filter: { type: 'fact.created' },
    lastEventId: 'streambot:2',
    fresh: 0,
    max: 8,
  });
  // Facts after sequence 2: 28 of them up to the stream's end; the newest 8 are replayed.
  expect(plan.skipped).toBe(20);
  expect(plan.events.map((e) => e.seq)).toEqual(facts.slice(-8));
  expect(plan.start.get('streambot')).toBe(facts.at(-9));
  expect(plan.fromHistory).toBe(8);
});
