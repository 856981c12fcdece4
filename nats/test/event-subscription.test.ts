import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  startEventSubscription,
  type InvalidEvent,
  type SubscribedEvent,
} from '../src/consumers/event-subscription.ts';
import { events } from '../src/contracts/registry.ts';
import { STREAMS } from '../src/contracts/streams.ts';
import { makeEnvelope } from '../src/envelope.ts';
import { ensureStreams } from '../src/streams.ts';
import { eventually, startTestBus, type TestBus } from './helpers/nats.ts';

let bus: TestBus;
let streambot: NatsConnection;
let dashboard: NatsConnection;
const ids: string[] = [];

const publishFact = async () => {
  const e = makeEnvelope(events.factCreated, {
    ...events.factCreated.example,
    factId: randomUUID(),
  });
  await streambot
    .jetstream()
    .publish(events.factCreated.subject, JSON.stringify(e), { msgID: e.id });
  ids.push(e.id);
  return e.id;
};

beforeAll(async () => {
  bus = await startTestBus();
  streambot = await bus.connect('streambot');
  dashboard = await bus.connect('dashboard');
  await ensureStreams(streambot, 'streambot');
  await publishFact(); // seq 1
  await publishFact(); // seq 2
  await streambot.jetstream().publish(events.factCreated.subject, '{"not": "an envelope"}'); // seq 3
  await publishFact(); // seq 4
  const status = makeEnvelope(events.botStatusChanged, {
    connected: true,
    channels: ['homelab_live'],
  });
  await streambot.jetstream().publish(events.botStatusChanged.subject, JSON.stringify(status)); // seq 5
});
afterAll(async () => {
  await bus?.dispose();
});

function collect() {
  const seen: SubscribedEvent[] = [];
  const invalid: InvalidEvent[] = [];
  return {
    seen,
    invalid,
    onEvent: (e: SubscribedEvent) => void seen.push(e),
    onInvalid: (e: InvalidEvent) => void invalid.push(e),
  };
}

it('replays the whole stream with stream sequences and reports invalid messages', async () => {
  const c = collect();
  const sub = await startEventSubscription({
    nc: dashboard,
    stream: STREAMS.streambot.events,
    deliver: 'all',
    ...c,
  });
  try {
    await eventually(() => c.seen.length === 4, 'four events');
    expect(c.seen.map((e) => e.streamSeq)).toEqual([1, 2, 4, 5]);
    expect(c.seen.slice(0, 3).map((e) => e.envelope.id)).toEqual(ids.slice(0, 3));
    expect(c.seen[3]?.contract).toBe(events.botStatusChanged);
    expect(c.invalid).toHaveLength(1);
    expect(c.invalid[0]).toMatchObject({ subject: events.factCreated.subject, streamSeq: 3 });
    expect(c.invalid[0]?.reason).toMatch(/envelope is malformed/);
    expect(sub.stats()).toEqual({ received: 4, invalid: 1, failed: 0, lastSeq: 5 });
  } finally {
    await sub.stop();
  }
});

it('follows only one subject from a given sequence', async () => {
  const c = collect();
  const sub = await startEventSubscription({
    nc: dashboard,
    stream: STREAMS.streambot.events,
    filterSubject: events.factCreated.subject,
    deliver: { startSeq: 2 },
    ...c,
  });
  try {
    await eventually(() => c.seen.length === 2, 'facts from seq 2');
    expect(c.seen.map((e) => e.streamSeq)).toEqual([2, 4]);
    await new Promise((r) => setTimeout(r, 200));
    expect(c.seen).toHaveLength(2); // the status event (seq 5) was filtered out
  } finally {
    await sub.stop();
  }
});

it('delivers only new events with deliver: new, and survives a callback that throws', async () => {
  const c = collect();
  let thrown = 0;
  const sub = await startEventSubscription({
    nc: dashboard,
    stream: STREAMS.streambot.events,
    deliver: 'new',
    onEvent: (e) => {
      if (thrown++ === 0) throw new Error('read model bug');
      c.onEvent(e);
    },
  });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const first = await publishFact();
    const second = await publishFact();
    await eventually(() => c.seen.length === 1, 'the second new event');
    expect(c.seen[0]?.envelope.id).toBe(second);
    expect(c.seen[0]?.envelope.id).not.toBe(first);
    expect(sub.stats()).toMatchObject({ received: 2, failed: 1 });
  } finally {
    await sub.stop();
  }
});
