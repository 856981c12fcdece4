// The real entry point in a child process: how it fails on bad configuration
// and how it stops on a signal.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createServiceDatabase, freePort, type ServiceDatabase } from '../../tools/test-env/mod.ts';
import { eventually, testEnv } from './harness.ts';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSX = path.join(SERVICE_DIR, '..', 'node_modules', '.bin', 'tsx');

function run(env: Record<string, string>) {
  const child = spawn(TSX, ['src/main.ts'], {
    cwd: SERVICE_DIR,
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

let database: ServiceDatabase;
beforeAll(async () => {
  database = await createServiceDatabase(inject('pgAdminUrl'), 'dashboard');
});
afterAll(() => database.drop());

it('refuses to start on bad configuration, naming every bad variable', async () => {
  const p = run({ PORT: 'http', DATABASE_URL: 'sqlite://x', LOG_LEVEL: 'chatty' });
  expect(await p.exited).toBe(2);
  for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'NATS_PASSWORD']) {
    expect(p.output()).toMatch(new RegExp(`^\\s+- ${name}: `, 'm'));
  }
});

it('stops cleanly with exit code 0 on SIGTERM', async () => {
  const port = await freePort();
  const p = run(testEnv({ PORT: String(port), DATABASE_URL: database.url, LOG_LEVEL: 'info' }));
  try {
    await eventually(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.status !== 200) throw new Error(`readyz ${res.status}`);
    }, 30_000);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('dashboard stopped');
    expect(p.output()).not.toContain(inject('natsCredentials').dashboard.pass);
  } finally {
    p.child.kill('SIGKILL');
  }
});
