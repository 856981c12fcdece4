// A real, private Docker engine for tests: dockerd on a socket in a temp
// folder with its own data and exec roots (ready in about a second), and a
// test image made from the host's static busybox, since no registry is
// reachable. No default bridge and no iptables rules, so it touches nothing of
// the host's network and can run beside another engine. dispose() removes the
// containers, stops dockerd and deletes the folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { findDockerd, findStaticBusybox } from '../../scripts/lib/preflight.mjs';

export const TEST_IMAGE = 'localhost/busybox:test';

export interface DockerEngineHandle {
  /** The socket path, for DOCKER_SOCKET. */
  socket: string;
  /** unix://<socket>, as error messages name it. */
  address: string;
  /** A client of this engine, for the test's own containers. */
  docker: Docker;
  /** Stops dockerd (its containers stop with it); the socket goes away. */
  stop(): Promise<void>;
  /** Starts it again on the same socket and data (after stop, or stopping it first). */
  restart(): Promise<void>;
  /** Removes every container, stops dockerd and deletes its folder. */
  dispose(): Promise<void>;
}

const INSTALL = 'apt-get install -y --no-install-recommends docker.io busybox-static';

/** Why these tests cannot run here, or undefined when they can. */
export function dockerEngineMissing(): string | undefined {
  if (!findDockerd()) return `dockerd was not found (install it: ${INSTALL})`;
  if (!findStaticBusybox()) return `a static busybox was not found (install it: ${INSTALL})`;
  if (process.getuid?.() !== 0) return 'dockerd needs root to run a private engine';
  return undefined;
}

/** A root file system of busybox and its applets as symlinks, imported as TEST_IMAGE. */
async function importBusybox(docker: Docker, dir: string, busybox: string) {
  const rootfs = path.join(dir, 'rootfs');
  await mkdir(path.join(rootfs, 'bin'), { recursive: true });
  await mkdir(path.join(rootfs, 'etc'));
  await mkdir(path.join(rootfs, 'tmp'));
  await copyFile(busybox, path.join(rootfs, 'bin', 'busybox'));
  const applets = spawnSync(busybox, ['--list'], { encoding: 'utf8' }).stdout.split('\n');
  for (const applet of applets.filter((a) => a && a !== 'busybox')) {
    await symlink('busybox', path.join(rootfs, 'bin', applet));
  }
  await writeFile(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [repo, tag] = TEST_IMAGE.split(':');
  const progress = await docker.importImage(tar.stdout, {
    repo,
    tag,
    changes: ['CMD ["/bin/sh"]', 'ENV PATH=/bin'],
  });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(progress, (err) => (err ? reject(err) : resolve())),
  );
  await rm(rootfs, { recursive: true, force: true });
}

export async function startDockerEngine(): Promise<DockerEngineHandle> {
  const missing = dockerEngineMissing();
  if (missing) throw new Error(`cannot start a test Docker engine: ${missing}`);
  const dockerd = findDockerd()!;
  const busybox = findStaticBusybox()!;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-dockerd-'));
  const socket = path.join(dir, 'docker.sock');
  const logFile = path.join(dir, 'dockerd.log');
  const docker = new Docker({ socketPath: socket, host: undefined });
  let child: ChildProcess | undefined;
  let exited = Promise.resolve();

  async function launch() {
    const log = openSync(logFile, 'a');
    const args = [
      ['--host', `unix://${socket}`],
      ['--data-root', path.join(dir, 'data')],
      ['--exec-root', path.join(dir, 'exec')],
      ['--pidfile', path.join(dir, 'docker.pid')],
      ['--bridge=none', '--iptables=false'],
    ].flat();
    const started = spawn(dockerd, args, { stdio: ['ignore', log, log] });
    closeSync(log);
    child = started;
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`dockerd exited (${started.exitCode})`);
      if (
        existsSync(socket) &&
        (await docker.ping().then(
          () => true,
          () => false,
        ))
      )
        return;
      if (Date.now() > deadline) throw new Error('dockerd did not answer within 20 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function stop() {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child?.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
  }

  try {
    await launch();
    await importBusybox(docker, dir, busybox);
  } catch (err) {
    await stop();
    const output = await readFile(logFile, 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`the test Docker engine did not start: ${(err as Error).message}\n${output}`);
  }

  return {
    socket,
    address: `unix://${socket}`,
    docker,
    stop,
    async restart() {
      await stop();
      await launch();
    },
    async dispose() {
      // Removing (killing) them first: dockerd would otherwise stop each one gently on exit.
      const containers = await docker.listContainers({ all: true }).catch(() => []);
      await Promise.all(
        containers.map((c) =>
          docker
            .getContainer(c.Id)
            .remove({ force: true })
            .catch(() => {}),
        ),
      );
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
