// A steady load at a fixed rate (open loop, bench/lib/open-loop.ts) on the
// APIs users call: stream-bot's and the dashboard's GET /api/facts/latest and
// discord-bot's GET /api/tickets (its bot logged in to the Discord stand-in),
// logged in, each for BENCH_LOAD_SECONDS (default 60) at BENCH_LOAD_RATE
// requests/s (default 500), with the error count and the process's peak RSS
// during the run. Baseline: the same load on the same process's /healthz (no
// session, no database, no read model) just before. Real processes on
// Postgres and nats-server (dashboard-stack.ts).
import { startDiscordStandIn } from '../tools/test-env/discord-stand-in.ts';
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import { startDashboardStack } from './dashboard-stack.ts';
import { streamBotSession } from './lib/http-client.ts';
import { openLoop } from './lib/open-loop.ts';
import { rssMiB, sampleRss } from './lib/process-stats.ts';
import { startServiceProcess, type ServiceProcess } from './lib/service-process.ts';
import type { Figures } from './lib/stats.ts';

async function loadOne(
  svc: ServiceProcess,
  path: string,
  headers: Record<string, string>,
  options: { rate: number; seconds: number },
) {
  const rss = sampleRss(svc.pid);
  const result = await openLoop({ url: `${svc.url}${path}`, headers, ...options });
  const peak = await rss.stop();
  return {
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    perSecond: result.achievedPerSecond,
    rssMiB: peak,
    note:
      `${result.errors} errors of ${result.sent.toLocaleString('en')} sent at ${options.rate}/s ` +
      `for ${options.seconds} s; max ${result.maxMs.toFixed(0)} ms; ` +
      `sender ≤${result.maxLagMs.toFixed(0)} ms late; RSS = peak`,
  };
}

export async function benchSteadyLoad(
  nats: NatsServerHandle,
  pgAdminUrl: string,
  options: { rate: number; seconds: number },
): Promise<Figures[]> {
  const stack = await startDashboardStack(nats, pgAdminUrl);
  const standIn = await startDiscordStandIn();
  standIn.addGuild({ name: 'Bench Guild' });
  let discord: ServiceProcess | undefined;
  const rows: Figures[] = [];
  try {
    const password = 'bench-password-1';
    discord = await startServiceProcess({
      dir: 'discord-bot',
      user: 'discord',
      nats,
      pgAdminUrl,
      env: {
        WEB_PASSWORD: password,
        DISCORD_TOKEN: standIn.token,
        DISCORD_API_URL: standIn.apiUrl,
      },
    });
    const targets = [
      {
        label: 'stream-bot',
        svc: stack.streambot,
        cookie: stack.streambotCookie,
        path: '/api/facts/latest',
      },
      {
        label: 'dashboard',
        svc: stack.dashboard,
        cookie: stack.dashboardCookie,
        path: '/api/facts/latest',
      },
      {
        label: 'discord-bot',
        svc: discord,
        cookie: await streamBotSession(discord.url, password),
        path: '/api/tickets',
      },
    ];
    for (const { label, svc, cookie, path } of targets) {
      const atRest = await rssMiB(svc.pid);
      // Warm the routes (JIT, connection pools) so the first seconds do not weigh alone.
      await openLoop({
        url: `${svc.url}${path}`,
        headers: { cookie },
        rate: 200,
        seconds: 2,
      });
      const baseName = `${label} GET /healthz, ${options.rate}/s for ${options.seconds} s`;
      const health = await loadOne(svc, '/healthz', {}, options);
      const rest = `; RSS at rest before the loads: ${atRest.toFixed(1)} MiB`;
      rows.push({ name: baseName, ...health, note: health.note + rest });
      const api = await loadOne(svc, path, { cookie }, options);
      rows.push({
        name: `${label} GET ${path}, ${options.rate}/s for ${options.seconds} s`,
        ...api,
        baseline: baseName,
        note: api.note + rest,
      });
    }
  } finally {
    await discord?.stop();
    await standIn.close();
    await stack.stop();
  }
  return rows;
}
