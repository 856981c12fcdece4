// GET /api/facts/latest as a browser of the dashboard sees it. The dashboard
// answers from its read model (kept by stream-bot's facts.latest query and its
// fact.created events); the seed's pattern, the baseline, is a proxy that makes
// an HTTP request to stream-bot's GET /api/facts/latest on every call (written
// here: a bare node:http server forwarding with stream-bot's session cookie).
// stream-bot's own endpoint is shown too. Real processes, Postgres, nats-server.
// The kinds take turns in rounds (dashboard-stack.ts interleaved), so a busy
// moment of the machine does not fall on one of them only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import { interleaved, startDashboardStack } from './dashboard-stack.ts';
import { benchClient } from './lib/http-client.ts';
import type { Figures } from './lib/stats.ts';

const IN_FLIGHT = 100;

/** The seed's pattern: every request is forwarded to stream-bot, its answer passed back. */
async function passThroughProxy(target: string, cookie: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const server = http.createServer((req, res) => {
    const upstream = http.get(
      `${target}/api/facts/latest`,
      { agent, headers: { cookie } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, { 'content-type': 'application/json' });
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      res
        .writeHead(502)
        .end(JSON.stringify({ error: { code: 'unavailable', message: String(err) } }));
    });
    req.resume();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function benchDashboardFacts(
  nats: NatsServerHandle,
  pgAdminUrl: string,
  n = 5000,
): Promise<Figures[]> {
  const stack = await startDashboardStack(nats, pgAdminUrl);
  const proxy = await passThroughProxy(stack.streambot.url, stack.streambotCookie);
  const viaProxy = benchClient(proxy.url);
  const dashboard = benchClient(stack.dashboard.url, { cookie: stack.dashboardCookie });
  const streambot = benchClient(stack.streambot.url, { cookie: stack.streambotCookie });
  try {
    const kinds = {
      proxy: () => viaProxy.get('/'),
      dashboard: () => dashboard.get('/api/facts/latest'),
      streambot: () => streambot.get('/api/facts/latest'),
      // The floor: the same process and HTTP stack, no session lookup, no read model.
      healthz: () => dashboard.get('/healthz'),
    };
    const answer = (await kinds.dashboard()) as { fact: unknown; stale: boolean };
    if (!answer.fact || answer.stale) throw new Error(`dashboard: ${JSON.stringify(answer)}`);
    await interleaved(kinds, { rounds: 1, perRound: 300, inFlight: 10 });
    const rounds = 5;
    const seq = await interleaved(kinds, { rounds, perRound: Math.ceil(n / rounds), inFlight: 1 });
    const load = await interleaved(kinds, {
      rounds,
      perRound: Math.ceil((2 * n) / rounds),
      inFlight: IN_FLIGHT,
    });
    const rate = (r: { perSecond: number }) =>
      `rate ×${(r.perSecond / load.proxy.perSecond).toFixed(2)} vs proxy`;
    const base = 'seed pattern: proxy → stream-bot GET /api/facts/latest per call, one at a time';
    const baseLoad = `seed pattern: proxy → stream-bot GET /api/facts/latest per call, ${IN_FLIGHT} in flight`;
    return [
      { name: base, ...seq.proxy, note: 'an HTTP hop and a Postgres read on every call' },
      {
        name: 'dashboard GET /api/facts/latest (read model), one at a time',
        ...seq.dashboard,
        baseline: base,
      },
      {
        name: 'stream-bot GET /api/facts/latest itself, one at a time',
        ...seq.streambot,
        baseline: base,
      },
      {
        name: 'dashboard GET /healthz, one at a time',
        ...seq.healthz,
        baseline: base,
        note: 'floor: same process, no session (each /api call reads its session in Postgres)',
      },
      { name: baseLoad, ...load.proxy },
      {
        name: `dashboard GET /api/facts/latest (read model), ${IN_FLIGHT} in flight`,
        ...load.dashboard,
        baseline: baseLoad,
        note: rate(load.dashboard),
      },
      {
        name: `stream-bot GET /api/facts/latest itself, ${IN_FLIGHT} in flight`,
        ...load.streambot,
        baseline: baseLoad,
        note: rate(load.streambot),
      },
      {
        name: `dashboard GET /healthz, ${IN_FLIGHT} in flight`,
        ...load.healthz,
        baseline: baseLoad,
        note: rate(load.healthz),
      },
    ];
  } finally {
    viaProxy.close();
    dashboard.close();
    streambot.close();
    await proxy.close();
    await stack.stop();
  }
}
