// What the dashboard benchmarks share: stream-bot and the dashboard as their
// own processes (`tsx src/main.ts`) on real Postgres and nats-server, both
// logged in, and a latency-recording load generator.
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import { streamBotSession } from './lib/http-client.ts';
import { startServiceProcess, type ServiceProcess } from './lib/service-process.ts';
import { percentile } from './lib/stats.ts';

const PASSWORD = 'bench-password-1';

export interface DashboardStack {
  streambot: ServiceProcess;
  /** Cookie header of a stream-bot session. */
  streambotCookie: string;
  dashboard: ServiceProcess;
  dashboardCookie: string;
  /** POST /api/facts on stream-bot: a new fact (and its fact.created outbox row). */
  createFact(): Promise<{ id: string; createdAt: string }>;
  stop(): Promise<void>;
}

export async function startDashboardStack(
  nats: NatsServerHandle,
  pgAdminUrl: string,
): Promise<DashboardStack> {
  const streambot = await startServiceProcess({
    dir: 'stream-bot',
    user: 'streambot',
    nats,
    pgAdminUrl,
    env: { WEB_PASSWORD: PASSWORD },
  });
  let dashboard: ServiceProcess | undefined;
  try {
    const streambotCookie = await streamBotSession(streambot.url, PASSWORD);
    const createFact = async () => {
      const res = await fetch(`${streambot.url}/api/facts`, {
        method: 'POST',
        headers: { cookie: streambotCookie, origin: streambot.url },
      });
      if (res.status !== 201) throw new Error(`POST /api/facts: HTTP ${res.status}`);
      return ((await res.json()) as { fact: { id: string; createdAt: string } }).fact;
    };
    for (let i = 0; i < 20; i++) await createFact();
    dashboard = await startServiceProcess({
      dir: 'dashboard',
      user: 'dashboard',
      nats,
      pgAdminUrl,
      env: { WEB_PASSWORD: PASSWORD },
    });
    const dashboardCookie = await streamBotSession(dashboard.url, PASSWORD);
    const started = dashboard;
    return {
      streambot,
      streambotCookie,
      dashboard: started,
      dashboardCookie,
      createFact,
      async stop() {
        await started.stop();
        await streambot.stop();
      },
    };
  } catch (err) {
    await dashboard?.stop();
    await streambot.stop();
    throw err;
  }
}

export interface LoadFigures {
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
}

/**
 * Runs each of `fns` `perRound` times with `inFlight` calls outstanding, taking
 * turns for `rounds` rounds, so a machine busier at one moment than another
 * weighs on every kind alike; latencies of each call and calls per second.
 */
export async function interleaved<K extends string>(
  fns: Record<K, () => Promise<unknown>>,
  options: { rounds: number; perRound: number; inFlight: number },
): Promise<Record<K, LoadFigures>> {
  const kinds = Object.keys(fns) as K[];
  const times = new Map<K, number[]>(kinds.map((k) => [k, []]));
  const spent = new Map<K, number>(kinds.map((k) => [k, 0]));
  for (let round = 0; round < options.rounds; round++) {
    for (const kind of kinds) {
      let next = 0;
      const started = performance.now();
      const worker = async () => {
        while (next < options.perRound) {
          next++;
          const t = performance.now();
          await fns[kind]();
          times.get(kind)!.push(performance.now() - t);
        }
      };
      await Promise.all(Array.from({ length: options.inFlight }, worker));
      spent.set(kind, spent.get(kind)! + performance.now() - started);
    }
  }
  const out = {} as Record<K, LoadFigures>;
  for (const kind of kinds) {
    const list = times.get(kind)!.sort((a, b) => a - b);
    out[kind] = {
      p50Ms: percentile(list, 50),
      p99Ms: percentile(list, 99),
      perSecond: (list.length / spent.get(kind)!) * 1000,
    };
  }
  return out;
}
