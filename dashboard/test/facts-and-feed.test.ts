// The dashboard's view of another service: the latest-fact read model and the
// live feed, against a stand-in stream-bot on a nats-server of this file's
// own (so no other test's events are on its streams).
import { randomUUID } from 'node:crypto';
import { closeBus, discoverServices, queries, request } from '@homelab/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsServer, type NatsServerHandle } from '../../tools/test-env/mod.ts';
import { connectAs, cookieHeader, eventually } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';
import { openSse } from './sse.ts';
import { standInStreambot, type StandInFact } from './stand-in-streambot.ts';

let nats: NatsServerHandle;
let streambot: Awaited<ReturnType<typeof standInStreambot>>;
let dashboard: TestService;

interface LatestBody {
  fact: { factId: string; text: string } | null;
  stale: boolean;
  ageSeconds: number;
  confirmedAt: string;
  problem: string | null;
}

/** The logged-in session, for requests the harness does not make (event streams). */
const session = () => ({ cookie: cookieHeader(dashboard.cookies) });

function fact(text: string, secondsAgo = 0): StandInFact {
  return {
    factId: randomUUID(),
    text,
    source: 'manual',
    createdAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
  };
}

beforeAll(async () => {
  nats = await startNatsServer();
  streambot = await standInStreambot(() => connectAs('streambot', nats.url));
  dashboard = await startTestService({ NATS_URL: nats.url });
});
afterAll(async () => {
  await dashboard?.stop();
  await streambot?.close();
  await nats?.dispose();
});

describe('the latest fact, as the dashboard sees it', () => {
  it('answers 503 with a clear message while nothing was ever seen', async () => {
    const res = await dashboard.get('/api/facts/latest');
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(/no fact seen yet.*stream-bot/);
  });

  it('asks stream-bot once it answers', async () => {
    const first = fact('Octopuses have three hearts.', 60);
    streambot.setFacts([first]);
    await streambot.answer();
    const body = await eventually(async () => {
      const res = await dashboard.get('/api/facts/latest');
      if (res.status !== 200) throw new Error(`still ${res.status}`);
      return (await res.json()) as LatestBody;
    });
    expect(body).toMatchObject({
      fact: { factId: first.factId, text: first.text },
      stale: false,
      problem: null,
    });
  });

  it('streams a fact.created event to the browser and takes it as the latest fact', async () => {
    const sse = await openSse(
      `${dashboard.service.url}/api/events/stream?service=streambot&type=fact`,
      { headers: session() },
    );
    try {
      const ready = await sse.next();
      expect(ready.event).toBe('ready');
      const hello = fact('Hello from the stand-in stream-bot');
      const seq = await streambot.publishFact(hello);

      const msg = await sse.next();
      // The id is the resume cursor: stream-bot's stream up to this event.
      expect(msg.id).toBe(`streambot:${seq}`);
      expect(JSON.parse(msg.data)).toMatchObject({
        service: 'streambot',
        stream: 'STREAMBOT_EVENTS',
        seq,
        type: 'fact.created',
        data: { factId: hello.factId, text: hello.text, source: 'manual' },
      });

      // stream-bot's query still answers the older fact: the event is what made this fresh.
      const latest = (await (await dashboard.get('/api/facts/latest')).json()) as LatestBody;
      expect(latest).toMatchObject({ fact: { factId: hello.factId }, stale: false });

      const recent = (await (
        await dashboard.get('/api/events/recent?service=streambot')
      ).json()) as {
        events: { id: string }[];
      };
      expect(recent.events.map((e) => e.id)).toContain(`streambot:${seq}`);
    } finally {
      await sse.close();
    }
  });

  it('filters the stream by service and type, and resumes after Last-Event-ID', async () => {
    const first = await streambot.publishFact(fact('one'));
    const second = await streambot.publishFact(fact('two'));
    await eventually(async () => {
      const r = (await (await dashboard.get('/api/events/recent')).json()) as {
        events: { id: string }[];
      };
      if (!r.events.some((e) => e.id === `streambot:${second}`))
        throw new Error('not in the feed yet');
    });

    const other = await openSse(`${dashboard.service.url}/api/events/stream?service=discord`, {
      headers: session(),
    });
    expect(JSON.parse((await other.next()).data)).toMatchObject({ replayed: 0, resumed: false });
    await other.close();

    const resumed = await openSse(`${dashboard.service.url}/api/events/stream?service=streambot`, {
      headers: session(),
      lastEventId: `streambot:${first}`,
    });
    try {
      expect(JSON.parse((await resumed.next()).data)).toMatchObject({ replayed: 1, resumed: true });
      expect((await resumed.next()).id).toBe(`streambot:${second}`);
    } finally {
      await resumed.close();
    }
  });

  it('rejects a nonsense filter with a 400', async () => {
    const res = await dashboard.get('/api/events/recent?limit=lots');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /^limit: /,
    );
  });

  it('after a restart with stream-bot silent, serves the replayed fact marked stale with its age', async () => {
    await streambot.silence();
    const last = fact('last words before the outage');
    await streambot.publishFact(last);
    await dashboard.service.stop();
    dashboard = await startTestService({
      NATS_URL: nats.url,
      DATABASE_URL: dashboard.database!.url,
    });

    const body = await eventually(async () => {
      const b = (await (await dashboard.get('/api/facts/latest')).json()) as LatestBody;
      if (b.fact?.factId !== last.factId) throw new Error('replay not seen yet');
      return b;
    });
    expect(body.stale).toBe(true);
    // The replayed event vouches for the fact only as of when it occurred.
    expect(body.confirmedAt).toBe(last.createdAt);
    const expectedAge = (Date.now() - Date.parse(last.createdAt)) / 1000;
    expect(Math.abs(body.ageSeconds - expectedAge)).toBeLessThanOrEqual(1);
    expect(body.problem).toMatch(/no service answers streambot\.query\.facts\.latest\.v1/);
  });
});

describe('the health probe', () => {
  it('records who answers on the bus and announces each change', async () => {
    await streambot.answer();
    await dashboard.service.probeHealth();
    const health = (await (await dashboard.get('/api/health')).json()) as {
      checkedAt: string;
      targets: { target: string; status: string }[];
    };
    // The services only: host and nats are health.test.ts's (the host may be busy).
    const services = health.targets.filter((t) => t.target.startsWith('service:'));
    expect(Object.fromEntries(services.map((t) => [t.target, t.status]))).toEqual({
      'service:dashboard': 'healthy',
      'service:discord': 'unhealthy',
      'service:streambot': 'healthy',
    });

    // Its own health.summary query: an endpoint of its micro service, answering from the same model.
    const nc = await connectAs('dashboard', nats.url);
    try {
      const [mine] = await discoverServices(nc, { name: 'dashboard' });
      expect(mine?.endpoints.map((e) => e.subject)).toEqual([queries.healthSummary.subject]);
      const summary = await request(nc, queries.healthSummary, {});
      expect(summary.checkedAt).toBe(health.checkedAt);
      expect(summary.targets.map((t) => [t.target, t.status])).toEqual(
        health.targets.map((t) => [t.target, t.status]),
      );
    } finally {
      await closeBus(nc);
    }

    await streambot.silence();
    await dashboard.service.probeHealth();
    const changed = await eventually(async () => {
      const r = (await (
        await dashboard.get('/api/events/recent?service=dashboard&type=health.changed')
      ).json()) as {
        events: { data: { target: string; from: string; to: string } }[];
      };
      // The newest change for stream-bot (an earlier round saw it before the stand-in answered).
      const hit = r.events.filter((e) => e.data.target === 'service:streambot').at(-1);
      if (hit?.data.to !== 'unhealthy') throw new Error('no health.changed to unhealthy yet');
      return hit;
    });
    expect(changed.data.from).toBe('healthy');
  });
});
