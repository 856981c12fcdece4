// Stop the dashboard (SIGTERM, then SIGKILL) while the bots keep writing, and start it
// again on the same port and database: a browser's live feed that reconnects with the
// cursor it had gets every event it missed exactly once and in order, then the live
// ones; and the read models (latest fact, facts, open tickets, bot status) equal the
// bots' truth again. The feed memory is kept small (EVENT_FEED_SIZE) so missed events
// come back from the streams' history, not only from memory.
import { afterAll, beforeAll, expect, inject, it, onTestFailed } from 'vitest';
import { KNOBS, sleep, until } from './chaos-env.ts';
import { caughtUp, exactlyOnceProblems, readTruth } from './exactly-once.ts';
import { followFeed, type FeedClient } from './feed-client.ts';
import { settledDifferences } from './read-models.ts';
import { startChaosStack, type ChaosStack } from './stack.ts';
import { failedCount, factWriters, okCount, ticketWriters, type Tally } from './workload.ts';

const FEED_SIZE = 20;

let stack: ChaosStack | undefined;
let feed: FeedClient | undefined;
/** Browsers showing one kind of event, or one service's: they resume with filtered cursors. */
const filtered = new Map<string, FeedClient>();

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
  for (const [query, cursor] of [
    ['type=ticket.opened', 'streambot:0,discord:0,dashboard:0'],
    ['service=streambot', 'streambot:0'],
  ]) {
    filtered.set(
      query!,
      followFeed({ url: dashboard.url, cookie: () => dashboard.cookie(), cursor: cursor!, query }),
    );
  }
});

afterAll(async () => {
  for (const f of filtered.values()) await f.stop();
  await feed?.stop();
  await stack?.stop();
});

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
  // A filtered feed resumes exactly too: its events are those of the whole feed that match, in order.
  const filteredProblems = async () => {
    const out: string[] = [];
    for (const [query, client] of filtered) {
      const [key = '', value] = query.split('=');
      const expected = feed!.events
        .filter((e) => (key === 'type' ? e.type === value : e.service === value))
        .map((e) => e.eventId);
      const got = client.events.map((e) => e.eventId);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        const at = got.findIndex((id, i) => id !== expected[i]);
        out.push(
          `${query}: ${got.length} events vs ${expected.length} expected, first difference at #${at}`,
        );
      }
      if (client.connections() < 3) out.push(`${query}: ${client.connections()} connections`);
      for (const r of client.readies.slice(1))
        if (!r.resumed || r.skipped !== 0 || r.problem)
          out.push(`${query}: resumed ${JSON.stringify(r)}`);
    }
    return out;
  };
  const filteredDifferences = await until(
    'the filtered feeds caught up',
    async () => ((await filteredProblems()).length === 0 ? [] : false),
    15_000,
  ).catch(() => filteredProblems());
  const differences = await settledDifferences(s);

  const resumed = feed!.readies.slice(1);
  console.log(
    `[chaos] dashboard restarts: ${downs.map((d) => `${d.signal} (${d.missed} events while down, ready in ${d.restartMs} ms)`).join(', ')}; ` +
      `resumes replayed ${resumed.map((r) => `${r.replayed} (${r.fromHistory} from history)`).join(', ')}; ` +
      `facts ${okCount(tally, 'fact')}, tickets ${okCount(tally, 'ticket.open')} opened / ${okCount(tally, 'ticket.close')} closed; ` +
      `${failedCount(tally)} writes failed; feed ${feed!.events.length} events (filtered: ${[...filtered].map(([q, f]) => `${q} ${f.events.length} over ${f.connections()} connections`).join(', ')}); total ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  expect(problems).toEqual([]);
  expect(filteredDifferences).toEqual([]);
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
