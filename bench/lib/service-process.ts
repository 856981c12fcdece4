// Runs a service the way `npm start` does — its own process, `tsx src/main.ts` —
// on a database of its own, and waits until /readyz says it can work.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createServiceDatabase,
  freePort,
  type NatsServerHandle,
  type ServiceDatabase,
} from '../../tools/test-env/mod.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess extends ReadyProcess {
  database: ServiceDatabase;
}

export interface ReadyProcess {
  url: string;
  pid: number;
  /** Milliseconds from spawning the process to its first 200 from /readyz. */
  readyMs: number;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Spawns `node --import tsx <script>` in `cwd` on a free PORT and waits for /readyz. */
export async function spawnUntilReady(options: {
  label: string;
  cwd: string;
  script: string;
  env: Record<string, string>;
}): Promise<ReadyProcess> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.script], {
    cwd: options.cwd,
    env: { ...process.env, PORT: String(port), ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let readyMs = NaN;
  // Polled often, so the start-up figure is not rounded up to the poll interval.
  for (;;) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 20, 'wait'))]);
    if (code !== 'wait')
      throw new Error(`${options.label} exited with ${String(code)} while starting`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      readyMs = performance.now() - spawnedAt;
      break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.label} was not ready within 60 s`);
    }
  }
  return {
    url,
    pid: child.pid ?? 0,
    readyMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startServiceProcess(options: {
  dir: 'stream-bot' | 'discord-bot' | 'dashboard';
  user: 'streambot' | 'discord' | 'dashboard';
  nats: NatsServerHandle;
  pgAdminUrl: string;
  env?: Record<string, string>;
}): Promise<ServiceProcess> {
  const database = await createServiceDatabase(options.pgAdminUrl, `bench_${options.user}`);
  const proc = await spawnUntilReady({
    label: options.dir,
    cwd: `${ROOT}/${options.dir}`,
    script: 'src/main.ts',
    env: {
      DATABASE_URL: database.url,
      NATS_URL: options.nats.url,
      NATS_PASSWORD: options.nats.credentials[options.user].pass,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
  }).catch(async (err: unknown) => {
    await database.drop();
    throw err;
  });
  return {
    ...proc,
    database,
    async stop() {
      await proc.stop();
      await database.drop();
    },
  };
}
