// Each service's start-up and memory at rest: the real process (`node --import
// tsx src/main.ts`, as `npm start` runs it) on a fresh database of its own on
// Postgres and the bench's nats-server, timed from spawn to its first 200 from
// /readyz (config, Prisma and migrations, NATS and streams, routes), then its
// RSS (/proc/<pid>/status VmRSS) after a few seconds idle. discord-bot logs in
// to the local Discord stand-in, so its discord.js client is part of the
// figure. Baseline: Node with the tsx loader and a bare Hono /readyz server
// (bench/servers/ready-server.ts) started the same way. Each is started
// BENCH_STARTS times (default 3); the median start-up is the p50 column, the
// slowest the p99 column. Memory under load is in bench/steady-load.ts.
import { startDiscordStandIn } from '../tools/test-env/discord-stand-in.ts';
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import { rssMiB } from './lib/process-stats.ts';
import {
  ROOT,
  spawnUntilReady,
  startServiceProcess,
  type ReadyProcess,
} from './lib/service-process.ts';
import { percentile, type Figures } from './lib/stats.ts';

const REST_MS = 3_000;
const BASELINE = 'bare Node + tsx + Hono /readyz server: start-up, RSS at rest';

async function measure(starts: number, start: () => Promise<ReadyProcess>) {
  const ready: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < starts; i++) {
    const proc = await start();
    try {
      ready.push(proc.readyMs);
      await new Promise((r) => setTimeout(r, REST_MS));
      rss.push(await rssMiB(proc.pid));
    } finally {
      await proc.stop();
    }
  }
  ready.sort((a, b) => a - b);
  rss.sort((a, b) => a - b);
  return {
    p50Ms: percentile(ready, 50),
    p99Ms: ready.at(-1)!,
    rssMiB: percentile(rss, 50),
  };
}

export async function benchServiceFootprint(
  nats: NatsServerHandle,
  pgAdminUrl: string,
  starts = 3,
): Promise<Figures[]> {
  const note = `median of ${starts} starts (p99 column: slowest); RSS ${REST_MS / 1000} s after ready`;
  const rows: Figures[] = [];
  const base = await measure(starts, () =>
    spawnUntilReady({
      label: 'ready-server',
      cwd: ROOT,
      script: 'bench/servers/ready-server.ts',
      env: {},
    }),
  );
  rows.push({ name: BASELINE, ...base, note });
  const password = { WEB_PASSWORD: 'bench-password-1' };
  for (const [dir, user] of [
    ['stream-bot', 'streambot'],
    ['dashboard', 'dashboard'],
  ] as const) {
    const figures = await measure(starts, () =>
      startServiceProcess({ dir, user, nats, pgAdminUrl, env: password }),
    );
    rows.push({
      name: `${dir} start-up to /readyz, RSS at rest`,
      ...figures,
      baseline: BASELINE,
      note: `${note}; fresh database, migrations applied at start`,
    });
  }
  const standIn = await startDiscordStandIn();
  standIn.addGuild({ name: 'Bench Guild' });
  try {
    const figures = await measure(starts, () =>
      startServiceProcess({
        dir: 'discord-bot',
        user: 'discord',
        nats,
        pgAdminUrl,
        env: { ...password, DISCORD_TOKEN: standIn.token, DISCORD_API_URL: standIn.apiUrl },
      }),
    );
    rows.push({
      name: 'discord-bot start-up to /readyz, RSS at rest',
      ...figures,
      baseline: BASELINE,
      note: `${note}; fresh database; logged in to the Discord stand-in (one guild)`,
    });
  } finally {
    await standIn.close();
  }
  return rows;
}
