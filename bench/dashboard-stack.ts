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

/** Runs fn n times with `inFlight` outstanding; latency of each call and calls per second. */
export async function underLoad(
  n: number,
  inFlight: number,
  fn: () => Promise<unknown>,
): Promise<{ p50Ms: number; p99Ms: number; perSecond: number }> {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      next++;
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const perSecond = (n / (performance.now() - started)) * 1000;
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), perSecond };
}
