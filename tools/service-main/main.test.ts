// Each service's real entry point (src/main.ts) in a child process: how it
// fails on bad configuration and how it stops on a signal. Runs the files by
// path, so it imports no service code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ServiceName } from '@homelab/nats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createServiceDatabase,
  freePort,
  startNatsServer,
  type NatsServerHandle,
  type ServiceDatabase,
} from '../test-env/mod.ts';
import { eventually } from '../test-env/service-harness.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

const SERVICES: { folder: string; user: ServiceName; env?: Record<string, string> }[] = [
  { folder: 'stream-bot', user: 'streambot' },
  { folder: 'discord-bot', user: 'discord' },
  // Its health probe would otherwise ask the bus every 30 s while the test runs.
  {
    folder: 'dashboard',
    user: 'dashboard',
    env: { HEALTH_PROBE_INTERVAL_MS: '600000', WEB_PASSWORD: 'main-test-password' },
  },
];

function run(folder: string, env: Record<string, string>) {
  // As npm start runs it: node with tsx as a loader, so signals reach the service directly.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(ROOT, folder),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, output: () => output };
}

// A server of this file's own: these services answer queries in a queue group,
// and must not answer the in-process services' tests on the shared server.
let nats: NatsServerHandle;
beforeAll(async () => {
  nats = await startNatsServer({ credentials: inject('natsCredentials') });
});
afterAll(() => nats.dispose());

describe.each(SERVICES)('$folder src/main.ts', ({ folder, user, env }) => {
  let database: ServiceDatabase;
  beforeAll(async () => {
    database = await createServiceDatabase(inject('pgAdminUrl'), user);
  });
  afterAll(() => database.drop());

  it('refuses to start on bad configuration, naming every bad variable', async () => {
    const p = run(folder, { PORT: 'http', DATABASE_URL: 'sqlite://x', LOG_LEVEL: 'chatty' });
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain(`${folder} cannot start: invalid configuration`);
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'NATS_PASSWORD']) {
      expect(p.output()).toMatch(new RegExp(`^\\s+- ${name}: `, 'm'));
    }
  });

  it('stops cleanly with exit code 0 on SIGTERM', async () => {
    const port = await freePort();
    const creds = inject('natsCredentials')[user];
    const p = run(folder, {
      PORT: String(port),
      NATS_URL: nats.url,
      NATS_USER: creds.user,
      NATS_PASSWORD: creds.pass,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      ...env,
    });
    try {
      await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.status !== 200) throw new Error(`readyz ${res.status}`);
      }, 30_000);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
      expect(p.output()).toContain(`${folder} stopped`);
      expect(p.output()).not.toContain(creds.pass);
    } finally {
      p.child.kill('SIGKILL');
    }
  });
});
