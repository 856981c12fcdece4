// stream-bot's GET /api/facts/latest, the real service in its own process on
// real Postgres: its throughput and latency against the same process's
// /healthz (no database, no session) as the baseline, and against the
// facts.latest NATS query the dashboard uses.
import { closeBus, connectBus, queries, request } from '@homelab/nats';
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import { benchClient, streamBotSession } from './lib/http-client.ts';
import { startServiceProcess } from './lib/service-process.ts';
import { concurrent, sequential, type Figures } from './lib/stats.ts';

const PASSWORD = 'bench-password-1';

export async function benchFactsLatest(
  nats: NatsServerHandle,
  pgAdminUrl: string,
  n = 5000,
): Promise<Figures[]> {
  const svc = await startServiceProcess({
    dir: 'stream-bot',
    user: 'streambot',
    nats,
    pgAdminUrl,
    env: { WEB_PASSWORD: PASSWORD },
  });
  const cookie = await streamBotSession(svc.url, PASSWORD);
  const client = benchClient(svc.url, { cookie });
  const nc = await connectBus({
    service: 'dashboard',
    servers: nats.url,
    pass: nats.credentials.dashboard.pass,
  });
  try {
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${svc.url}/api/facts`, {
        method: 'POST',
        headers: { cookie, origin: svc.url },
      });
      if (res.status !== 201) throw new Error(`POST /api/facts: HTTP ${res.status}`);
    }
    const latest = () => client.get('/api/facts/latest');
    const health = () => client.get('/healthz');
    const viaNats = () => request(nc, queries.factsLatest, { limit: 1 });
    await sequential(500, latest);
    await sequential(500, health);
    await sequential(500, viaNats);
    const healthSeq = await sequential(n, health);
    const latestSeq = await sequential(n, latest);
    const natsSeq = await sequential(n, viaNats);
    const healthConc = await concurrent(n * 2, 100, health);
    const latestConc = await concurrent(n * 2, 100, latest);
    const natsConc = await concurrent(n * 2, 100, viaNats);
    const base = 'stream-bot GET /healthz, one at a time';
    const baseConc = 'stream-bot GET /healthz, 100 in flight';
    return [
      { name: base, ...healthSeq, note: 'same process, no database, no session' },
      { name: 'stream-bot GET /api/facts/latest, one at a time', ...latestSeq, baseline: base },
      { name: 'stream-bot facts.latest over NATS, one at a time', ...natsSeq, baseline: base },
      { name: baseConc, perSecond: healthConc },
      {
        name: 'stream-bot GET /api/facts/latest, 100 in flight',
        perSecond: latestConc,
        baseline: baseConc,
      },
      {
        name: 'stream-bot facts.latest over NATS, 100 in flight',
        perSecond: natsConc,
        baseline: baseConc,
      },
    ];
  } finally {
    client.close();
    await closeBus(nc);
    await svc.stop();
  }
}
