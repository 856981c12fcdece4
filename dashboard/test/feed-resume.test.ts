// The live feed over SSE with exact resume: stand-in owners publish through
// JetStream as the streambot and discord users; the dashboard keeps only 5
// events in memory, so a browser that was away longer is served from the
// streams themselves.
import { closeBus, ensureStreams, events, makeEnvelope, type EventContract } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, cookieHeader, eventually } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';
import { openSse, type SseReader } from './sse.ts';

interface Sent {
  id: string;
  seq: number;
  service: string;
  type: string;
}

let streambot: NatsConnection;
let discord: NatsConnection;
let dashboard: TestService;
// Each event occurs at least a millisecond after the previous one.
let clock = 0;

async function publish(nc: NatsConnection, contract: EventContract): Promise<Sent> {
  const envelope = makeEnvelope(contract, contract.example, {
    occurredAt: new Date((clock = Math.max(Date.now(), clock + 1))),
  });
  const ack = await nc
    .jetstream()
    .publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id });
  return {
    id: `${contract.owner}:${ack.seq}`,
    seq: ack.seq,
    service: contract.owner,
    type: contract.type,
  };
}

const fact = () => publish(streambot, events.factCreated);
const status = () => publish(streambot, events.botStatusChanged);
const guild = () => publish(discord, events.guildJoined);

function open(query: string, lastEventId?: string): Promise<SseReader> {
  return openSse(`${dashboard.service.url}/api/events/stream${query}`, {
    headers: { cookie: cookieHeader(dashboard.cookies) },
    lastEventId,
  });
}

async function readyOf(sse: SseReader) {
  const msg = await sse.next();
  expect(msg.event).toBe('ready');
  return JSON.parse(msg.data) as {
    replayed: number;
    resumed: boolean;
    skipped: number | null;
    fromHistory: number;
    problem: string | null;
  };
}

/** The next feed event from the stand-ins (the dashboard's own, e.g. health.changed, skipped). */
async function nextEvent(sse: SseReader, timeoutMs?: number) {
  for (;;) {
    const msg = await sse.next(timeoutMs);
    if (msg.event) throw new Error(`unexpected ${msg.event} message: ${msg.data}`);
    const event = JSON.parse(msg.data) as { id: string; service: string; type: string };
    if (event.service !== 'dashboard') return { ...event, cursor: msg.id };
  }
}

/** The next `n` stand-in events' ids (`<service>:<seq>`), in the order they came. */
async function idsOf(sse: SseReader, n: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < n) ids.push((await nextEvent(sse)).id);
  return ids;
}

// A browser that stays connected all along: what it got, the feed has seen.
const watched = new Set<string>();
let watcher: SseReader | undefined;

/** Waits until the dashboard's feed has seen the event (so it is "missed", not in flight). */
function seen(sent: Sent) {
  return eventually(async () => {
    if (!watched.has(sent.id)) throw new Error(`${sent.id} not seen yet`);
  });
}

async function watch(): Promise<void> {
  const sse = (watcher = await open('?replay=0'));
  void (async () => {
    for (;;) {
      const msg = await sse.next(60_000).catch(() => undefined);
      if (!msg) return;
      if (!msg.event) watched.add((JSON.parse(msg.data) as { id: string }).id);
    }
  })();
}

beforeAll(async () => {
  streambot = await connectAs('streambot');
  discord = await connectAs('discord');
  await ensureStreams(streambot, 'streambot');
  await ensureStreams(discord, 'discord');
  dashboard = await startTestService({ EVENT_FEED_SIZE: '5' });
  // The dashboard's own service.started, so later "newest" reads are not disturbed by it.
  await eventually(async () => {
    const res = await dashboard.get('/api/events/recent?service=dashboard');
    if (((await res.json()) as { events: unknown[] }).events.length === 0)
      throw new Error('not yet');
  });
  await watch();
});
afterAll(async () => {
  await watcher?.close();
  await dashboard?.stop();
  if (streambot) await closeBus(streambot);
  if (discord) await closeBus(discord);
});

describe('the live feed over SSE', () => {
  it('needs a session', async () => {
    const res = await dashboard.anonymous('/api/events/stream');
    expect(res.status).toBe(401);
  });

  it('delivers the events of several services as they happen, each id a cursor over every stream', async () => {
    const sse = await open('?replay=0');
    try {
      expect(await readyOf(sse)).toMatchObject({ replayed: 0, resumed: false, problem: null });
      for (const publishOne of [fact, guild, status, guild, fact]) {
        const sent = await publishOne();
        const event = await nextEvent(sse);
        expect(event).toMatchObject({ id: sent.id, type: sent.type });
        expect(event.cursor).toMatch(/^streambot:\d+,discord:\d+,dashboard:\d+$/);
        expect(event.cursor).toContain(`${sent.service}:${sent.seq}`);
      }
    } finally {
      await sse.close();
    }
  });

  it('gives a browser back exactly what it missed, from the streams, then the live events', async () => {
    const first = await open('?replay=0');
    await readyOf(first);
    await fact();
    await idsOf(first, 1);
    const lastEventId = first.lastEventId();
    await first.close();

    const missed: Sent[] = [];
    for (let i = 0; i < 6; i++) missed.push(await fact(), await guild());
    await seen(missed.at(-1)!);
    await seen(missed.at(-2)!);

    const again = await open('?replay=0', lastEventId);
    try {
      const ready = await readyOf(again);
      expect(ready).toMatchObject({ resumed: true, skipped: 0, problem: null });
      expect(ready.replayed).toBeGreaterThanOrEqual(12);
      // Only 5 are kept in memory: the others came from JetStream.
      expect(ready.fromHistory).toBeGreaterThanOrEqual(7);
      expect(await idsOf(again, 12)).toEqual(missed.map((s) => s.id));
      const live = await guild();
      expect(await idsOf(again, 1)).toEqual([live.id]);
    } finally {
      await again.close();
    }
  });

  it('neither loses nor repeats an event published while the browser reconnects', async () => {
    const first = await open('?replay=0');
    await readyOf(first);
    const before = await guild();
    expect(await idsOf(first, 1)).toEqual([before.id]);
    const lastEventId = first.lastEventId();
    await first.close();

    const sent: Sent[] = [];
    for (let i = 0; i < 8; i++) sent.push(await (i % 2 ? guild() : fact()));
    const during = (async () => {
      for (let i = 0; i < 20; i++) sent.push(await (i % 3 ? fact() : guild()));
    })();
    const again = await open('?replay=0', lastEventId);
    try {
      await readyOf(again);
      await during;
      const got = await idsOf(again, sent.length);
      expect([...got].sort()).toEqual(sent.map((s) => s.id).sort());
      // Each stream's events in its own order.
      for (const service of ['streambot', 'discord'])
        expect(got.filter((id) => id.startsWith(service))).toEqual(
          sent.filter((s) => s.service === service).map((s) => s.id),
        );
      await expect(nextEvent(again, 500)).rejects.toThrow(/no server-sent event/);
    } finally {
      await again.close();
    }
  });

  it('applies the filter to the replay as to the live events', async () => {
    const first = await open('?service=streambot&type=fact.created&replay=0');
    await readyOf(first);
    const one = await fact();
    expect(await idsOf(first, 1)).toEqual([one.id]);
    const lastEventId = first.lastEventId();
    expect(lastEventId).toMatch(/^streambot:\d+$/);
    await first.close();

    const facts: Sent[] = [];
    for (let i = 0; i < 4; i++) {
      await status();
      await guild();
      facts.push(await fact());
    }
    await seen(facts.at(-1)!);

    const again = await open('?service=streambot&type=fact.created&replay=0', lastEventId);
    try {
      const ready = await readyOf(again);
      expect(ready).toMatchObject({ replayed: 4, resumed: true });
      expect(await idsOf(again, 4)).toEqual(facts.map((s) => s.id));
      await guild();
      await status();
      const live = await fact();
      expect(await idsOf(again, 1)).toEqual([live.id]);
    } finally {
      await again.close();
    }
  });

  it('starts afresh, saying why, when Last-Event-ID is not a cursor', async () => {
    const latest = await fact();
    await seen(latest);
    for (const bad of ['garbage', 'streambot:1;discord:2', 'twitch:4', 'streambot:1,streambot:2']) {
      const sse = await open('?service=streambot&replay=1', bad);
      try {
        const msg = await sse.next();
        expect(msg.event).toBe('ready');
        expect(msg.id).toMatch(/^streambot:\d+$/);
        expect(JSON.parse(msg.data)).toMatchObject({
          replayed: 1,
          resumed: false,
          problem: expect.stringMatching(/is not a feed cursor.*starting afresh/),
        });
        expect(await idsOf(sse, 1)).toEqual([latest.id]);
      } finally {
        await sse.close();
      }
    }
  });
});
