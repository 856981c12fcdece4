// The whole platform for chaos tests: stream-bot, discord-bot and the dashboard each as
// its own process on a nats-server of the stack's own (its own JetStream store, so it can
// be restarted) and a database each on the run's PostgreSQL, discord-bot logged in to the
// local Discord stand-in. Every service keeps its port, database and data folder across
// kills, so a restarted one is the same service; the dashboard reaches the bots only
// through NATS.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInGuild,
} from '../test-env/discord-stand-in.ts';
import {
  createServiceDatabase,
  freePort,
  startNatsServer,
  type NatsCredentials,
  type NatsServerHandle,
  type ServiceDatabase,
} from '../test-env/mod.ts';
import { managedService, type ManagedService, type ServiceDir } from './service-process.ts';

export const WEB_PASSWORD = 'chaos-password-1';

export interface StackService extends ManagedService {
  database: ServiceDatabase;
  /** A pool on the service's own database, for reading what it committed. */
  db: pg.Pool;
  /** A request signed in as the local admin, with the service's Origin (logs in again on 401). */
  request(pathname: string, init?: RequestInit): Promise<Response>;
  /** POST with a JSON body through request(). */
  post(pathname: string, body?: unknown): Promise<Response>;
  /** The Cookie header of the current session (logs in when there is none). */
  cookie(): Promise<string>;
}

export interface ChaosStack {
  nats: NatsServerHandle;
  discord: DiscordStandIn;
  guild: StandInGuild;
  streambot: StackService;
  discordBot: StackService;
  dashboard: StackService;
  services: StackService[];
  /** The last lines every service wrote, for a failing test's message. */
  logs(lines?: number): string;
  /** Waits until discord-bot is logged in to the stand-in and knows the guild. */
  discordReady(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const USERS = {
  'stream-bot': 'streambot',
  'discord-bot': 'discord',
  dashboard: 'dashboard',
} as const;

async function stackService(
  label: ServiceDir,
  options: {
    pgAdminUrl: string;
    nats: NatsServerHandle;
    dataRoot: string;
    env: Record<string, string>;
    cleanups: (() => Promise<void>)[];
  },
): Promise<StackService> {
  const user = USERS[label];
  const database = await createServiceDatabase(options.pgAdminUrl, `chaos_${user}`);
  options.cleanups.push(() => database.drop());
  const db = new pg.Pool({ connectionString: database.url, max: 3 });
  db.on('error', () => undefined);
  options.cleanups.push(() => db.end());
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = managedService({
    label,
    port,
    env: {
      NATS_URL: options.nats.url,
      NATS_USER: options.nats.credentials[user].user,
      NATS_PASSWORD: options.nats.credentials[user].pass,
      DATABASE_URL: database.url,
      DATA_DIR: path.join(options.dataRoot, label),
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info',
      WEB_PASSWORD,
      PUBLIC_URL: url,
      ...options.env,
    },
  });
  options.cleanups.push(() => proc.kill('SIGTERM'));

  let session: string | undefined;
  const login = async () => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username: 'admin', password: WEB_PASSWORD }),
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200)
      throw new Error(`${label} login: HTTP ${res.status} ${await res.text()}`);
    session = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return session;
  };
  const cookie = async () => session ?? (await login());
  const request = async (pathname: string, init: RequestInit = {}) => {
    for (let attempt = 0; ; attempt++) {
      const headers = new Headers(init.headers);
      headers.set('cookie', await cookie());
      headers.set('origin', url);
      const res = await fetch(url + pathname, {
        signal: AbortSignal.timeout(15_000),
        ...init,
        headers,
      });
      if (res.status !== 401 || attempt > 0) return res;
      await res.body?.cancel();
      await login();
    }
  };
  return Object.assign(proc, {
    database,
    db,
    request,
    cookie,
    post: (pathname: string, body?: unknown) =>
      request(pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  });
}

export async function startChaosStack(options: {
  pgAdminUrl: string;
  credentials?: NatsCredentials;
  /** Extra variables per service (over the stack's own). */
  env?: Partial<Record<ServiceDir, Record<string, string>>>;
}): Promise<ChaosStack> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    // Services first (they drain on a live server), then what they used.
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const nats = await startNatsServer({ credentials: options.credentials });
    cleanups.push(() => nats.dispose());
    const dataRoot = await mkdtemp(path.join(os.tmpdir(), 'homelab-chaos-'));
    cleanups.push(() => rm(dataRoot, { recursive: true, force: true }));
    const discord = await startDiscordStandIn();
    cleanups.push(() => discord.close());
    const guild = discord.addGuild({ name: 'Chaos Guild' });
    const shared = { pgAdminUrl: options.pgAdminUrl, nats, dataRoot, cleanups };
    const extra = options.env ?? {};
    const streambot = await stackService('stream-bot', {
      ...shared,
      env: { ...extra['stream-bot'] },
    });
    const discordBot = await stackService('discord-bot', {
      ...shared,
      env: {
        DISCORD_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        ...extra['discord-bot'],
      },
    });
    const dashboard = await stackService('dashboard', {
      ...shared,
      env: {
        HEALTH_PROBE_INTERVAL_MS: '1000',
        // No Docker engine of the host's: the containers page just says none is reachable.
        DOCKER_SOCKET: path.join(dataRoot, 'no-docker.sock'),
        ...extra.dashboard,
      },
    });
    const services = [streambot, discordBot, dashboard];
    const logs = (lines = 40) =>
      services.map((s) => `=== ${s.label} (last ${lines} lines)\n${s.output(lines)}`).join('\n');
    const stack: ChaosStack = {
      nats,
      discord,
      guild,
      streambot,
      discordBot,
      dashboard,
      services,
      logs,
      async discordReady(timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const res = await discordBot.request('/api/bot/status').catch(() => undefined);
          const body = res?.ok ? ((await res.json()) as { state?: string }) : undefined;
          const known = await discordBot.db
            .query('SELECT 1 FROM guilds WHERE id = $1', [guild.id])
            .then(
              (r) => (r.rowCount ?? 0) > 0,
              () => false,
            );
          if (known && body?.state === 'ready') return;
          if (Date.now() > deadline) throw new Error(`discord-bot did not log in:\n${logs()}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
      stop,
    };
    await Promise.all([streambot.start(), discordBot.start()]);
    await stack.discordReady();
    await dashboard.start();
    return stack;
  } catch (err) {
    await stop();
    throw err;
  }
}
