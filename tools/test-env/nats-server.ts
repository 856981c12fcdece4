// Starts a real nats-server from the project's own configuration on free
// ports, with a throw-away JetStream store. Tests use one shared server
// (see global-setup.ts) or start their own when they restart or kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findNatsServer, INSTALL_HINTS } from '../../scripts/lib/binaries.mjs';
import { freePort, waitForPort } from './ports.ts';

export const NATS_CONFIG = fileURLToPath(new URL('../../nats/nats-server.conf', import.meta.url));

export interface NatsCredentials {
  streambot: { user: string; pass: string };
  discord: { user: string; pass: string };
  dashboard: { user: string; pass: string };
}

export interface NatsServerHandle {
  url: string;
  port: number;
  monitorUrl: string;
  storeDir: string;
  credentials: NatsCredentials;
  /** Stops the server (SIGTERM, then SIGKILL); the store is kept for restart(). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same store. */
  restart(): Promise<void>;
  /** Stops it and deletes its store. */
  dispose(): Promise<void>;
}

export function credentialsFrom(env: NodeJS.ProcessEnv): NatsCredentials {
  return {
    streambot: { user: 'streambot', pass: env.STREAMBOT_NATS_PASSWORD ?? 'streambot-test-secret' },
    discord: { user: 'discord', pass: env.DISCORD_NATS_PASSWORD ?? 'discord-test-secret' },
    dashboard: { user: 'dashboard', pass: env.DASHBOARD_NATS_PASSWORD ?? 'dashboard-test-secret' },
  };
}

export async function startNatsServer(
  opts: { credentials?: NatsCredentials; port?: number } = {},
): Promise<NatsServerHandle> {
  const bin = findNatsServer();
  if (!bin) throw new Error(INSTALL_HINTS.natsServer);
  const credentials = opts.credentials ?? credentialsFrom(process.env);
  const port = opts.port ?? (await freePort());
  const monitorPort = await freePort();
  const storeDir = await mkdtemp(path.join(os.tmpdir(), 'homelab-nats-'));
  let child: ChildProcess | undefined;
  let output = '';

  const launch = async () => {
    output = '';
    child = spawn(
      bin,
      [
        '-c',
        NATS_CONFIG,
        '-a',
        '127.0.0.1',
        '-p',
        String(port),
        '-m',
        String(monitorPort),
        '-sd',
        storeDir,
      ],
      {
        env: {
          ...process.env,
          STREAMBOT_NATS_PASSWORD: credentials.streambot.pass,
          DISCORD_NATS_PASSWORD: credentials.discord.pass,
          DASHBOARD_NATS_PASSWORD: credentials.dashboard.pass,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr?.on('data', (b: Buffer) => {
      output = (output + b.toString()).slice(-8000);
    });
    const exited = new Promise<never>((_, reject) =>
      child?.once('exit', (code) =>
        reject(new Error(`nats-server exited with ${code}:\n${output}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(port, 10_000), exited]);
    await waitForPort(monitorPort, 10_000);
  };

  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };

  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    monitorUrl: `http://127.0.0.1:${monitorPort}`,
    storeDir,
    credentials,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    dispose: async () => {
      await stop();
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}
