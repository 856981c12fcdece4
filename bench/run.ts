// `npm run bench`: starts its own nats-server (the project's config) and
// PostgreSQL, runs every benchmark, prints one table with each figure's ratio
// to a baseline measured in the same run, and writes it with the machine's
// description to bench/RESULTS.md. Not a test: numbers vary between runs and
// machines; compare rows of one run.
//
// Settings (environment, all optional):
//   BENCH_ONLY=a,b          run only these benchmarks (names in the list below)
//   BENCH_N=5000            requests / events / messages per figure
//   BENCH_LOAD_SECONDS=60   length of each steady-load run (`load`: four runs)
//   BENCH_LOAD_RATE=500     requests per second of the steady load
//   BENCH_STARTS=3          starts per service for start-up time and RSS (`startup`)
//   BENCH_RESULTS=path      where the report goes (default bench/RESULTS.md);
//                           empty: print only
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { startNatsServer, startPostgres } from '../tools/test-env/mod.ts';
import { benchChatLog } from './chat-log.ts';
import { benchChatRoundTrip } from './chat-roundtrip.ts';
import { benchConsumer } from './consumer-throughput.ts';
import { benchDashboardEventLatency } from './dashboard-event-latency.ts';
import { benchDashboardFacts } from './dashboard-facts.ts';
import { benchDiscordTicket } from './discord-ticket.ts';
import { benchFactsLatest } from './facts-latest.ts';
import { describeMachine, loadAverage } from './lib/machine.ts';
import { table, type Figures } from './lib/stats.ts';
import { benchOutbox } from './outbox-throughput.ts';
import { benchQueryVsHttp } from './query-vs-http.ts';
import { benchServiceFootprint } from './service-footprint.ts';
import { benchSteadyLoad } from './steady-load.ts';

const n = Number(process.env.BENCH_N ?? 5000);
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const load = {
  seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
  rate: Number(process.env.BENCH_LOAD_RATE ?? 500),
};
const starts = Number(process.env.BENCH_STARTS ?? 3);
const resultsFile =
  process.env.BENCH_RESULTS ?? fileURLToPath(new URL('RESULTS.md', import.meta.url));

const nats = await startNatsServer();
const pg = await startPostgres();
const between = (lo: number, hi: number) => Math.max(lo, Math.min(n, hi));
const benches: { name: string; label: string; run(): Promise<Figures[]> }[] = [
  { name: 'query-vs-http', label: 'query helper vs HTTP', run: () => benchQueryVsHttp(nats, n) },
  { name: 'outbox', label: 'outbox relay', run: () => benchOutbox(nats, pg.adminUrl, n) },
  { name: 'consumer', label: 'consumer throughput', run: () => benchConsumer(pg.adminUrl, n) },
  {
    name: 'facts-latest',
    label: 'stream-bot GET /api/facts/latest',
    run: () => benchFactsLatest(nats, pg.adminUrl, n),
  },
  {
    name: 'chat-log',
    label: 'stream-bot chat log recorder',
    run: () => benchChatLog(pg.adminUrl, n),
  },
  {
    name: 'chat-roundtrip',
    label: 'stream-bot !fact through Twitch chat',
    run: () => benchChatRoundTrip(nats, pg.adminUrl, between(1000, 2000)),
  },
  {
    name: 'discord-ticket',
    label: 'discord-bot ticket button to channel request',
    run: () => benchDiscordTicket(nats, pg.adminUrl, between(500, 1000)),
  },
  {
    name: 'dashboard-facts',
    label: 'dashboard GET /api/facts/latest against a proxy to stream-bot',
    run: () => benchDashboardFacts(nats, pg.adminUrl, n),
  },
  {
    name: 'dashboard-event-latency',
    label: 'stream-bot fact to a dashboard SSE client',
    run: () => benchDashboardEventLatency(nats, pg.adminUrl, between(300, 1000)),
  },
  {
    name: 'startup',
    label: 'service start-up to /readyz and RSS at rest',
    run: () => benchServiceFootprint(nats, pg.adminUrl, starts),
  },
  {
    name: 'load',
    label: `steady load, ${load.rate}/s for ${load.seconds} s per target`,
    run: () => benchSteadyLoad(nats, pg.adminUrl, load),
  },
];
const unknown = only?.filter((name) => !benches.some((b) => b.name === name)) ?? [];
if (unknown.length) {
  throw new Error(
    `BENCH_ONLY: no benchmark ${unknown.join(', ')}; known: ${benches.map((b) => b.name).join(', ')}`,
  );
}

const rows: Figures[] = [];
const ran: string[] = [];
const startedAt = new Date();
const loadBefore = loadAverage();
let machine;
try {
  machine = await describeMachine(pg.adminUrl);
  for (const bench of benches) {
    if (only && !only.includes(bench.name)) continue;
    console.error(`${bench.label} …`);
    const t = performance.now();
    rows.push(...(await bench.run()));
    ran.push(`${bench.name} (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
} finally {
  await nats.dispose();
  await pg.stop();
}
const loadAfter = loadAverage();
const settings = `BENCH_N=${n}, BENCH_LOAD_SECONDS=${load.seconds}, BENCH_LOAD_RATE=${load.rate}, BENCH_STARTS=${starts}`;
const summary = [
  `${machine.cpu}, ${machine.memory}, ${machine.os}`,
  `Node ${machine.node}, nats-server ${machine.natsServer}, ${machine.postgres}`,
  `${startedAt.toISOString()} → ${new Date().toISOString()}; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after`,
  settings,
];
console.log(`\n${summary.join('\n')}\n`);
console.log(table(rows));

if (resultsFile) {
  const report = `# Benchmark results

Written by \`npm run bench\` (\`bench/run.ts\`); each figure's ratio is to a baseline measured in
the same run. Numbers vary up to 2× between runs on a shared machine: compare rows of one run.

## Machine

- CPU: ${machine.cpu}
- Memory: ${machine.memory}
- OS: ${machine.os}
- Node ${machine.node}, nats-server ${machine.natsServer}, ${machine.postgres}
- Run: ${startedAt.toISOString()} to ${new Date().toISOString()}
- Load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAfter} after
- Settings: ${settings}
- Benchmarks run: ${ran.join(', ')}

## Figures

${table(rows)}
`;
  const options = await prettier.resolveConfig(resultsFile);
  await writeFile(
    resultsFile,
    await prettier.format(report, { ...options, filepath: resultsFile }),
  );
  console.error(`\nwritten to ${resultsFile}`);
}
