// Runs a service as its own process (`node --import tsx src/main.ts`, as `npm
// start` does) with a given environment until it exits, keeping every line it
// wrote to stdout and stderr: for start-up failures, whose last words come from
// main.ts (runMain) rather than from a logger a test could hand in.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ExitedProcess {
  code: number | null;
  lines: string[];
}

export async function runUntilExit(
  service: 'stream-bot' | 'discord-bot' | 'dashboard',
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ExitedProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(ROOT, service),
    // Only what the test gives (and PATH/HOME for node): no variable of the test run leaks in.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, lines: out.split('\n').filter((l) => l.length > 0) };
}
