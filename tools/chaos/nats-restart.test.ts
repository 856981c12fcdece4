// Restart nats-server (same port, same JetStream store) in the middle of a burst of writes,
// more than once: no service is restarted, yet each reports ready again by itself, the
// dashboard's health page sees NATS and both bots healthy again, the writes made while
// NATS was down are published once it is back, and every committed event reaches the
// dashboard's live feed exactly once, in order.
import { afterAll, beforeAll, expect, inject, it, onTestFailed } from 'vitest';
import { KNOBS, sleep, until } from './chaos-env.ts';
import { caughtUp, exactlyOnceProblems, readTruth } from './exactly-once.ts';
import { followFeed, type FeedClient } from './feed-client.ts';
import { settledDifferences } from './read-models.ts';
import { startChaosStack, type ChaosStack, type StackService } from './stack.ts';
import { failedCount, factWriters, okCount, ticketWriters, type Tally } from './workload.ts';

let stack: ChaosStack | undefined;
let feed: FeedClient | undefined;

beforeAll(async () => {
  stack = await startChaosStack({
    pgAdminUrl: inject('pgAdminUrl'),
    credentials: inject('natsCredentials'),
  });
  const dashboard = stack.dashboard;
  feed = followFeed({
    url: dashboard.url,
    cookie: () => dashboard.cookie(),
    cursor: 'streambot:0,discord:0,dashboard:0',
  });
});

afterAll(async () => {
  await feed?.stop();
  await stack?.stop();
});

const readyz = (s: StackService) =>
  fetch(`${s.url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status,
    () => 0,
  );

interface HealthTarget {
  target: string;
  status: string;
  details: string | null;
}

async function healthOf(s: ChaosStack): Promise<Map<string, HealthTarget>> {
  const res = await s.dashboard.request('/api/health');
  const body = (await res.json()) as { targets: HealthTarget[] };
  return new Map(body.targets.map((t) => [t.target, t]));
}

it('reconnects every service by itself after nats-server restarts mid-burst, losing nothing', async () => {
  const s = stack!;
  onTestFailed(() => console.error(s.logs(60)));
  const began = Date.now();
  const facts = factWriters(s, KNOBS.writers, KNOBS.writeGapMs);
  const tickets = ticketWriters(s, KNOBS.writers, KNOBS.writeGapMs);
  const outages: { from: number; to: number; readyAfter: Record<string, number> }[] = [];
  for (let i = 0; i < KNOBS.natsRestarts; i++) {
    await sleep(2_000);
    await s.nats.stop();
    const from = Date.now();
    // The outage is real: the services say so (and keep taking writes into their outboxes).
    await until(
      'stream-bot reports NATS down',
      async () => (await readyz(s.streambot)) === 503,
      10_000,
    );
    await sleep(Math.max(0, KNOBS.natsDownMs - (Date.now() - from)));
    await s.nats.restart();
    const to = Date.now();
    // Each on its own: nothing here touches the services.
    const readyAfter = new Map<string, number>();
    await until(
      'every service ready again after the restart',
      async () => {
        for (const svc of s.services) {
          if (!readyAfter.has(svc.label) && (await readyz(svc)) === 200)
            readyAfter.set(svc.label, Date.now() - to);
        }
        return readyAfter.size === s.services.length;
      },
      60_000,
    );
    outages.push({ from, to, readyAfter: Object.fromEntries(readyAfter) });
  }
  await sleep(2_000);
  const tally: Tally = { ok: new Map(), failed: new Map() };
  for (const t of [await facts.stop(), await tickets.stop()]) {
    for (const [k, v] of t.ok) tally.ok.set(k, v);
    for (const [k, v] of t.failed) tally.failed.set(k, v);
  }

  await until(
    'every committed event is published and in the feed',
    async () => caughtUp(await readTruth(s), feed!.events),
    90_000,
  );
  await sleep(2_000);
  const truth = await readTruth(s);
  const problems = exactlyOnceProblems(truth, feed!.events, tally);

  // Writes answered while NATS was down went out once it was back.
  const inFeed = new Set(
    feed!.events.map((e) => (e.data.factId ?? e.data.ticketId) as string | undefined),
  );
  const duringOutage = [...tally.ok.values()]
    .flat()
    .filter((w) => outages.some((o) => w.at >= o.from && w.at <= o.to));
  const health = await until(
    'the dashboard sees NATS and both bots healthy',
    async () => {
      const h = await healthOf(s);
      const up = ['nats', 'service:streambot', 'service:discord'].every(
        (t) => h.get(t)?.status === 'healthy',
      );
      return up ? h : false;
    },
    60_000,
  ).catch(async (err: unknown) => {
    throw new Error(`${String(err)}: ${JSON.stringify([...(await healthOf(s)).values()])}`);
  });

  console.log(
    `[chaos] nats restarts: ${outages.length} × ${KNOBS.natsDownMs} ms down, ready again after (ms) ${outages.map((o) => JSON.stringify(o.readyAfter)).join(' ')}; ` +
      `facts ${okCount(tally, 'fact')} answered / ${truth.facts.length} committed; tickets ${okCount(tally, 'ticket.open')} opened, ` +
      `${okCount(tally, 'ticket.close')} closed; ${duringOutage.length} writes answered during outages; ${failedCount(tally)} writes failed; ` +
      `feed ${feed!.events.length} events over ${feed!.connections()} connection(s); total ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  expect(problems).toEqual([]);
  // The dashboard's copies followed along.
  expect(await settledDifferences(s)).toEqual([]);
  expect(feed!.gaps).toEqual([]);
  // The APIs kept taking writes while NATS was down (the outbox holds their events).
  expect(failedCount(tally)).toBe(0);
  expect(duringOutage.length).toBeGreaterThan(0);
  expect(duringOutage.filter((w) => !inFeed.has(w.id))).toEqual([]);
  expect(health.get('nats')?.status).toBe('healthy');
  // Nobody restarted a service: each recovered on its own.
  expect(s.services.map((x) => x.starts)).toEqual([1, 1, 1]);
  expect(s.services.map((x) => x.running())).toEqual([true, true, true]);
});
