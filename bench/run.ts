// `npm run bench`: starts its own nats-server (the project's config) and
// PostgreSQL, runs every benchmark and prints one table with each figure's
// ratio to a baseline measured in the same run. Not a test: numbers vary
// between runs and machines; compare rows of one run.
import os from 'node:os';
import { startNatsServer, startPostgres } from '../tools/test-env/mod.ts';
import { benchChatLog } from './chat-log.ts';
import { benchChatRoundTrip } from './chat-roundtrip.ts';
import { benchDashboardEventLatency } from './dashboard-event-latency.ts';
import { benchDashboardFacts } from './dashboard-facts.ts';
import { benchDiscordTicket } from './discord-ticket.ts';
import { benchFactsLatest } from './facts-latest.ts';
import { benchOutbox } from './outbox-throughput.ts';
import { benchQueryVsHttp } from './query-vs-http.ts';
import { table, type Figures } from './lib/stats.ts';

const n = Number(process.env.BENCH_N ?? 5000);
// BENCH_ONLY=facts-latest,outbox runs only those.
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const nats = await startNatsServer();
const pg = await startPostgres();
const benches: { name: string; label: string; run(): Promise<Figures[]> }[] = [
  { name: 'query-vs-http', label: 'query helper vs HTTP', run: () => benchQueryVsHttp(nats, n) },
  { name: 'outbox', label: 'outbox relay', run: () => benchOutbox(nats, pg.adminUrl, n) },
  {
    name: 'facts-latest',
    label: 'stream-bot GET /api/facts/latest',
    run: () => benchFactsLatest(nats, pg.adminUrl, n),
  },
];
benches.push({
  name: 'chat-log',
  label: 'stream-bot chat log recorder',
  run: () => benchChatLog(pg.adminUrl, n),
});
benches.push({
  name: 'chat-roundtrip',
  label: 'stream-bot !fact through Twitch chat',
  run: () => benchChatRoundTrip(nats, pg.adminUrl, Math.max(1000, Math.min(n, 2000))),
});
benches.push({
  name: 'discord-ticket',
  label: 'discord-bot ticket button to channel request',
  run: () => benchDiscordTicket(nats, pg.adminUrl, Math.max(500, Math.min(n, 1000))),
});
benches.push({
  name: 'dashboard-facts',
  label: 'dashboard GET /api/facts/latest against a proxy to stream-bot',
  run: () => benchDashboardFacts(nats, pg.adminUrl, n),
});
benches.push({
  name: 'dashboard-event-latency',
  label: 'stream-bot fact to a dashboard SSE client',
  run: () => benchDashboardEventLatency(nats, pg.adminUrl, Math.max(300, Math.min(n, 1000))),
});
const rows: Figures[] = [];
try {
  for (const bench of benches) {
    if (only && !only.includes(bench.name)) continue;
    console.error(`${bench.label} …`);
    rows.push(...(await bench.run()));
  }
} finally {
  await nats.dispose();
  await pg.stop();
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\n${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}\n`,
);
console.log(table(rows));
