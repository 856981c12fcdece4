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

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  url: string;
  pid: number;
  database: ServiceDatabase;
  stop(): Promise<void>;
}

export async function startServiceProcess(options: {
  dir: 'stream-bot' | 'discord-bot' | 'dashboard';
  user: 'streambot' | 'discord' | 'dashboard';
  nats: NatsServerHandle;
  pgAdminUrl: string;
  env?: Record<string, string>;
}): Promise<ServiceProcess> {
  const database = await createServiceDatabase(options.pgAdminUrl, `bench_${options.user}`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: `${ROOT}/${options.dir}`,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: database.url,
      NATS_URL: options.nats.url,
      NATS_PASSWORD: options.nats.credentials[options.user].pass,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const code = await Promise.race([exited, new Promise((r) => setTimeout(r, 200, 'wait'))]);
    if (code !== 'wait')
      throw new Error(`${options.dir} exited with ${String(code)} while starting`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.dir} was not ready within 60 s`);
    }
  }
  return {
    url,
    pid: child.pid ?? 0,
    database,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await database.drop();
    },
  };
}
