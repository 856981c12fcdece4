// SIGKILL stream-bot and discord-bot again and again while clients write through their
// APIs: every record either bot committed reaches the dashboard's live feed exactly once,
// and nothing that was not committed does. Writes: stream-bot facts (fact.created),
// discord-bot tickets opened and closed through its API (ticket.opened, ticket.closed);
// each restart also adds the bot's service.started. The feed is read the way the
// dashboard's page reads it, from the first event of every stream. Each kill lands a few
// milliseconds after a write was answered, while the relay is publishing its event, so
// some kills fall between JetStream's ack and the row being marked published: the
// restarted relay sends those again and JetStream drops the copies (counted from the
// relays' debug lines).
import { afterAll, beforeAll, expect, inject, it, onTestFailed } from 'vitest';
import { KNOBS, killRepeatedly, sleep, until } from './chaos-env.ts';
import { caughtUp, exactlyOnceProblems, readTruth } from './exactly-once.ts';
import { followFeed, type FeedClient } from './feed-client.ts';
import { settledDifferences } from './read-models.ts';
import { startChaosStack, type ChaosStack } from './stack.ts';
import { failedCount, factWriters, okCount, ticketWriters, type Tally } from './workload.ts';

let stack: ChaosStack | undefined;
let feed: FeedClient | undefined;
/** Re-sent events JetStream dropped as duplicates, per bot. */
const dropped = new Map<string, number>();

beforeAll(async () => {
  const debug = { LOG_LEVEL: 'debug' };
  stack = await startChaosStack({
    pgAdminUrl: inject('pgAdminUrl'),
    credentials: inject('natsCredentials'),
    env: { 'stream-bot': debug, 'discord-bot': debug },
  });
  for (const bot of [stack.streambot, stack.discordBot]) {
    bot.onLine((line) => {
      const n = /"duplicates":(\d+)/.exec(line)?.[1];
      if (n) dropped.set(bot.label, (dropped.get(bot.label) ?? 0) + Number(n));
    });
  }
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

it('delivers every committed write of a bot killed during a burst exactly once', async () => {
  const s = stack!;
  onTestFailed(() => console.error(s.logs(60)));
  const began = Date.now();
  const facts = factWriters(s, KNOBS.writers, KNOBS.writeGapMs);
  const tickets = ticketWriters(s, KNOBS.writers, KNOBS.writeGapMs);
  const killed = await Promise.all([
    killRepeatedly(s.streambot, KNOBS.kills, { beforeKill: () => facts.nextOk() }),
    killRepeatedly(s.discordBot, KNOBS.kills, {
      beforeKill: () => tickets.nextOk(),
      afterStart: () => s.discordReady(),
    }),
  ]);
  await sleep(1_000);
  const tally: Tally = { ok: new Map(), failed: new Map() };
  for (const t of [await facts.stop(), await tickets.stop()]) {
    for (const [k, v] of t.ok) tally.ok.set(k, v);
    for (const [k, v] of t.failed) tally.failed.set(k, v);
  }
  const burstMs = Date.now() - began;

  await until(
    'every committed event is published and in the feed',
    async () => caughtUp(await readTruth(s), feed!.events),
    90_000,
  );
  // A duplicate published late would show up now.
  await sleep(2_000);
  const truth = await readTruth(s);
  const problems = exactlyOnceProblems(truth, feed!.events, tally);

  console.log(
    `[chaos] bot kills: ${killed.map((k) => `${k.service} ×${k.kills} (restarts ${k.restartMs.join('/')} ms)`).join(', ')}; ` +
      `burst ${(burstMs / 1000).toFixed(1)} s; facts ${okCount(tally, 'fact')} answered / ${truth.facts.length} committed; ` +
      `tickets ${okCount(tally, 'ticket.open')} opened, ${okCount(tally, 'ticket.close')} closed answered / ${truth.tickets.length} committed; ` +
      `${failedCount(tally)} writes failed; re-sent copies dropped by JetStream ${JSON.stringify(Object.fromEntries(dropped))}; feed ${feed!.events.length} events over ${feed!.connections()} connection(s); ` +
      `total ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  expect(problems).toEqual([]);
  // The dashboard's copies followed along.
  expect(await settledDifferences(s)).toEqual([]);
  expect(feed!.gaps).toEqual([]);
  // The scenario did what it says: both bots were killed mid-burst and both kept writing.
  expect(killed.map((k) => k.kills)).toEqual([KNOBS.kills, KNOBS.kills]);
  expect(s.streambot.starts).toBe(KNOBS.kills + 1);
  expect(okCount(tally, 'fact')).toBeGreaterThan(KNOBS.kills * 5);
  expect(okCount(tally, 'ticket.open')).toBeGreaterThan(KNOBS.kills * 2);
  const started = feed!.events.filter((e) => e.type === 'service.started');
  expect(started.filter((e) => e.service === 'streambot')).toHaveLength(KNOBS.kills + 1);
  expect(started.filter((e) => e.service === 'discord')).toHaveLength(KNOBS.kills + 1);
});
