// runMain in a real child process: exit codes and messages for bad
// configuration, failed start, clean stop, failed stop and a second signal.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const FIXTURE = path.join(import.meta.dirname, 'run-main.fixture.ts');

function run(env: Record<string, string>) {
  const child = spawn(TSX, [FIXTURE], {
    env: { PATH: process.env.PATH ?? '', NATS_PASSWORD: 'pw', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: (() => void)[] = [];
  const collect = (b: Buffer) => {
    output += b.toString();
    waiters.splice(0).forEach((w) => w());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const until = async (text: string) => {
    while (!output.includes(text)) {
      await Promise.race([new Promise<void>((r) => waiters.push(r)), exited]);
      if (child.exitCode !== null && !output.includes(text)) {
        throw new Error(`exited before printing "${text}":\n${output}`);
      }
    }
  };
  return { child, exited, until, output: () => output };
}

it('exits with 2 on bad configuration, one line per bad variable', async () => {
  const p = run({ PORT: 'http', LOG_LEVEL: 'chatty', NATS_PASSWORD: '' });
  expect(await p.exited).toBe(2);
  expect(p.output()).toMatch(/^fixture cannot start: invalid configuration:$/m);
  for (const name of ['PORT', 'LOG_LEVEL', 'NATS_PASSWORD']) {
    expect(p.output()).toMatch(new RegExp(`^\\s+- ${name}: `, 'm'));
  }
});

it('exits with 1 and logs why when start-up fails', async () => {
  const p = run({ RUN_MAIN_START: 'fail' });
  expect(await p.exited).toBe(1);
  expect(p.output()).toContain('fixture failed to start');
  expect(p.output()).toContain('cannot open the database');
});

it('stops on SIGTERM and exits with 0', async () => {
  const p = run({});
  await p.until('fixture is up');
  p.child.kill('SIGTERM');
  expect(await p.exited).toBe(0);
  expect(p.output()).toContain('fixture stopped');
});

it('exits with 1 when stopping fails', async () => {
  const p = run({ RUN_MAIN_STOP: 'fail' });
  await p.until('fixture is up');
  p.child.kill('SIGINT');
  expect(await p.exited).toBe(1);
  expect(p.output()).toContain('stop failed');
});

it('exits at once with 1 on a second signal while stopping hangs', async () => {
  const p = run({ RUN_MAIN_STOP: 'hang' });
  await p.until('fixture is up');
  p.child.kill('SIGTERM');
  await p.until('"msg":"stopping"');
  p.child.kill('SIGTERM');
  expect(await p.exited).toBe(1);
  expect(p.output()).toContain('second signal, exiting without waiting');
});
