// NATS request-reply through the query-service helper vs a plain HTTP GET to
// a local Hono server: same payload, same server process, same run.
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { closeBus, connectBus, queries, request } from '@homelab/nats';
import { freePort, type NatsServerHandle } from '../tools/test-env/mod.ts';
import { concurrent, sequential, type Figures } from './lib/stats.ts';

export async function benchQueryVsHttp(nats: NatsServerHandle, n = 5000): Promise<Figures[]> {
  const port = await freePort();
  const server = fork(fileURLToPath(new URL('./servers/query-and-http.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      NATS_URL: nats.url,
      NATS_PASSWORD: nats.credentials.streambot.pass,
      PORT: String(port),
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('message', () => resolve());
    server.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });

  const nc = await connectBus({
    service: 'dashboard',
    servers: nats.url,
    pass: nats.credentials.dashboard.pass,
  });
  const url = `http://127.0.0.1:${port}/api/facts/latest`;
  const viaNats = () => request(nc, queries.factsLatest, { limit: 1 });
  // node:http with keep-alive: the leanest Node client, so the baseline is HTTP
  // itself rather than a heavier client library.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });
  const viaHttp = () =>
    new Promise<unknown>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
            else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          });
        })
        .on('error', reject);
    });
  try {
    // Warm both paths (JIT, connection pools) before measuring.
    await sequential(500, viaNats);
    await sequential(500, viaHttp);
    const http = await sequential(n, viaHttp);
    const natsSeq = await sequential(n, viaNats);
    const httpConc = await concurrent(n * 2, 100, viaHttp);
    const natsConc = await concurrent(n * 2, 100, viaNats);
    return [
      { name: 'HTTP GET (Hono), one at a time', ...http },
      {
        name: 'NATS query helper, one at a time',
        ...natsSeq,
        baseline: 'HTTP GET (Hono), one at a time',
      },
      { name: 'HTTP GET (Hono), 100 in flight', perSecond: httpConc },
      {
        name: 'NATS query helper, 100 in flight',
        perSecond: natsConc,
        baseline: 'HTTP GET (Hono), 100 in flight',
      },
    ];
  } finally {
    agent.destroy();
    await closeBus(nc);
    server.send('stop');
    await new Promise((r) => server.once('exit', r));
  }
}
