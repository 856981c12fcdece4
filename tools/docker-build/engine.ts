// A private dockerd for building and running the stack: its own socket, data
// root and exec root, no default bridge and no iptables rules (compose's own
// project networks still work; containers on them reach each other but not the
// outside, which is why builds use the host's network). Unlike the test engine
// in tools/test-env, the data root is kept between runs (default
// <tmp>/homelab-stack-docker) so the assembled base images act as a cache.
// stop() ends dockerd and checks that no mount is left under the root.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findDockerd } from '../../scripts/lib/preflight.mjs';

export interface StackEngine {
  /** unix://…/docker.sock, for DOCKER_HOST. */
  host: string;
  root: string;
  logFile: string;
  stop(): Promise<void>;
}

export function stackEngineRoot(): string {
  return process.env.HOMELAB_STACK_DOCKER_ROOT ?? path.join(os.tmpdir(), 'homelab-stack-docker');
}

/** Why a private engine cannot be started here, or undefined. */
export function stackEngineMissing(): string | undefined {
  if (!findDockerd()) return 'dockerd was not found (apt-get install docker.io)';
  if (spawnSync('docker', ['--version'], { stdio: 'ignore' }).status !== 0)
    return 'the docker CLI was not found (apt-get install docker.io)';
  if (process.getuid?.() !== 0) return 'dockerd needs root to run a private engine';
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Mount points at or under dir (overlay layers, container shm …). */
export function mountsUnder(dir: string): string[] {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
  return mounts
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
}

export async function startStackEngine(root = stackEngineRoot()): Promise<StackEngine> {
  const missing = stackEngineMissing();
  if (missing) throw new Error(`cannot start a private Docker engine: ${missing}`);
  await mkdir(root, { recursive: true });
  const pidfile = path.join(root, 'docker.pid');
  if (existsSync(pidfile)) {
    const pid = Number(readFileSync(pidfile, 'utf8'));
    if (pid && alive(pid))
      throw new Error(
        `a dockerd (pid ${pid}) already uses ${root}; stop it or set HOMELAB_STACK_DOCKER_ROOT`,
      );
  }
  const socket = path.join(root, 'docker.sock');
  const logFile = path.join(root, 'dockerd.log');
  const host = `unix://${socket}`;
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    findDockerd()!,
    [
      ['--host', host],
      ['--data-root', path.join(root, 'data')],
      ['--exec-root', path.join(root, 'exec')],
      ['--pidfile', pidfile],
      ['--bridge=none', '--iptables=false'],
    ].flat(),
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
    // dockerd unmounts its layers on a clean exit; after a SIGKILL some may remain.
    for (const point of mountsUnder(root).reverse()) {
      spawnSync('umount', ['-l', point], { stdio: 'ignore' });
    }
  }

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`dockerd exited (${child.exitCode}); see ${logFile}`);
    }
    const ping = spawnSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      env: { ...process.env, DOCKER_HOST: host },
      stdio: 'ignore',
    });
    if (ping.status === 0) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`dockerd did not answer within 30 s; see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { host, root, logFile, stop };
}
