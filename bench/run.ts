// `npm run bench`: starts its own nats-server (the project's config) and
// PostgreSQL, runs every benchmark and prints one table with each figure's
// ratio to a baseline measured in the same run. Not a test: numbers vary
// between runs and machines; compare rows of one run.
import os from 'node:os';
import { startNatsServer, startPostgres } from '../tools/test-env/mod.ts';
import { benchOutbox } from './outbox-throughput.ts';
import { benchQueryVsHttp } from './query-vs-http.ts';
import { table, type Figures } from './lib/stats.ts';

const n = Number(process.env.BENCH_N ?? 5000);
const nats = await startNatsServer();
const pg = await startPostgres();
const rows: Figures[] = [];
try {
  console.error('query helper vs HTTP …');
  rows.push(...(await benchQueryVsHttp(nats, n)));
  console.error('outbox relay …');
  rows.push(...(await benchOutbox(nats, pg.adminUrl, n)));
} finally {
  await nats.dispose();
  await pg.stop();
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\n${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${new Date().toISOString()}\n`,
);
console.log(table(rows));
