// Stop the dashboard (SIGTERM, then SIGKILL) while the bots keep writing, and start it
// again on the same port and database: a browser's live feed that reconnects with the
// cursor it had gets every event it missed exactly once and in order, then the live
// ones; and the read models (latest fact, facts, open tickets, bot status) equal the
// bots' truth again. The feed memory is kept small (EVENT_FEED_SIZE) so missed events
// come back from the streams' history, not only from memory.
import { closeBus, connectBus, queries, request } from '@homelab/nats';
import { afterAll, beforeAll, expect, inject, it, onTestFailed } from 'vitest';
import { KNOBS, sleep, until } from './chaos-env.ts';
import { caughtUp, exactlyOnceProblems, readTruth } from './exactly-once.ts';
import { followFeed, type FeedClient } from './feed-client.ts';
import { startChaosStack, type ChaosStack } from './stack.ts';
import { failedCount, factWriters, okCount, ticketWriters, type Tally } from './workload.ts';

const FEED_SIZE = 20;

let stack: ChaosStack | undefined;
let feed: FeedClient | undefined;

beforeAll(async () => {
  stack = await startChaosStack({
    pgAdminUrl: inject('pgAdminUrl'),
    credentials: inject('natsCredentials'),
    env: { dashboard: { EVENT_FEED_SIZE: String(FEED_SIZE) } },
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

async function json<T>(res: Promise<Response>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
  return (await r.json()) as T;
}

interface View<T> {
  data: T;
  stale: boolean;
  problem: string | null;
}

/** Differences between the dashboard's read models and the bots' own data (none: equal). */
async function readModelDifferences(s: ChaosStack): Promise<string[]> {
  const out: string[] = [];
  const d = s.dashboard;
  const latest = await json<{ fact: { factId: string } | null; stale: boolean }>(
    d.request('/api/facts/latest'),
  );
  const own = await json<{ fact: { id: string } | null }>(s.streambot.request('/api/facts/latest'));
  if (latest.stale || latest.fact?.factId !== own.fact?.id)
    out.push(`latest fact: dashboard ${JSON.stringify(latest)} vs stream-bot ${own.fact?.id}`);

  const facts = await json<View<{ facts: { factId: string }[] }>>(d.request('/api/facts'));
  const newest = await s.streambot.db.query<{ id: string }>(
    `SELECT id FROM facts ORDER BY created_at DESC, id DESC LIMIT ${facts.data.facts.length || 50}`,
  );
  const shown = facts.data.facts.map((f) => f.factId).sort();
  const truth = newest.rows.map((r) => r.id).sort();
  if (facts.stale || JSON.stringify(shown) !== JSON.stringify(truth))
    out.push(
      `facts: dashboard shows ${shown.length} (stale ${facts.stale}), differs from the newest in the database`,
    );

  const tickets = await json<View<{ summary: { open: number }; tickets: { ticketId: string }[] }>>(
    d.request('/api/discord/tickets?limit=100'),
  );
  const open = await s.discordBot.db.query<{ id: string }>(
    `SELECT id FROM tickets WHERE status <> 'closed'`,
  );
  const openIds = open.rows.map((r) => r.id).sort();
  const shownTickets = tickets.data.tickets.map((t) => t.ticketId).sort();
  if (
    tickets.stale ||
    tickets.data.summary.open !== openIds.length ||
    (openIds.length <= 100 && JSON.stringify(shownTickets) !== JSON.stringify(openIds))
  ) {
    out.push(
      `open tickets: dashboard ${tickets.data.summary.open} (${shownTickets.length} listed, stale ${tickets.stale}) vs ${openIds.length} in the database`,
    );
  }

  const status = await json<View<unknown>>(d.request('/api/streambot/status'));
  const nc = await connectBus({
    service: 'dashboard',
    servers: s.nats.url,
    user: s.nats.credentials.dashboard.user,
    pass: s.nats.credentials.dashboard.pass,
  });
  try {
    const owner = await request(nc, queries.botStatus, {}, { timeoutMs: 5_000 });
    if (status.stale || JSON.stringify(status.data) !== JSON.stringify(owner))
      out.push(
        `bot status: dashboard ${JSON.stringify(status)} vs stream-bot ${JSON.stringify(owner)}`,
      );
  } finally {
    await closeBus(nc);
  }
  return out;
}

it('gives a resuming feed every missed event once and rebuilds its read models after a stop', async () => {
  const s = stack!;
  onTestFailed(() => console.error(s.logs(60)));
  const began = Date.now();
  const facts = factWriters(s, KNOBS.writers, KNOBS.writeGapMs);
  const tickets = ticketWriters(s, KNOBS.writers, KNOBS.writeGapMs);
  const downs: { signal: string; missed: number; restartMs: number }[] = [];
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    await sleep(2_000);
    const connections = feed!.connections();
    await s.dashboard.kill(signal);
    const before = (await readTruth(s)).outbox;
    await sleep(KNOBS.dashboardDownMs);
    const restartMs = Math.round(await s.dashboard.start());
    const after = (await readTruth(s)).outbox;
    await until('the feed reconnected', async () => feed!.connections() > connections, 30_000);
    downs.push({
      signal,
      missed:
        after.streambot.length +
        after.discord.length -
        before.streambot.length -
        before.discord.length,
      restartMs,
    });
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
  const differences = await until(
    'the read models equal the bots',
    async () => {
      const diff = await readModelDifferences(s);
      return diff.length === 0 ? diff : false;
    },
    30_000,
  ).catch(async () => readModelDifferences(s));

  const resumed = feed!.readies.slice(1);
  console.log(
    `[chaos] dashboard restarts: ${downs.map((d) => `${d.signal} (${d.missed} events while down, ready in ${d.restartMs} ms)`).join(', ')}; ` +
      `resumes replayed ${resumed.map((r) => `${r.replayed} (${r.fromHistory} from history)`).join(', ')}; ` +
      `facts ${okCount(tally, 'fact')}, tickets ${okCount(tally, 'ticket.open')} opened / ${okCount(tally, 'ticket.close')} closed; ` +
      `${failedCount(tally)} writes failed; feed ${feed!.events.length} events; total ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  expect(problems).toEqual([]);
  expect(differences).toEqual([]);
  expect(feed!.gaps).toEqual([]);
  // Each restart was a resume with the old cursor that had events to give back, beyond memory.
  expect(resumed.length).toBeGreaterThanOrEqual(2);
  for (const r of resumed) expect(r).toMatchObject({ resumed: true, skipped: 0, problem: null });
  expect(downs.every((d) => d.missed > FEED_SIZE)).toBe(true);
  expect(resumed.some((r) => r.fromHistory > 0)).toBe(true);
  // The bots wrote on while the dashboard was away: nothing failed for its sake.
  expect(failedCount(tally)).toBe(0);
});
