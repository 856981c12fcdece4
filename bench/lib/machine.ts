// The machine a run happened on, for bench/RESULTS.md: figures only compare
// within a run, but a reader needs to know what kind of box made them.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { findNatsServer, natsServerVersion } from '../../scripts/lib/binaries.mjs';

export interface Machine {
  cpu: string;
  memory: string;
  node: string;
  natsServer: string;
  postgres: string;
  os: string;
}

export async function describeMachine(pgAdminUrl: string): Promise<Machine> {
  const cpus = os.cpus();
  const bin = findNatsServer();
  const client = new pg.Client({ connectionString: pgAdminUrl });
  await client.connect();
  const { rows } = await client
    .query<{ server_version: string }>('SHOW server_version')
    .finally(() => client.end());
  let kernel = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) kernel = `${pretty[1]}, ${kernel}`;
  } catch {
    // Not every system has /etc/os-release; the kernel alone will do.
  }
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    natsServer: bin ? natsServerVersion(bin) : 'unknown',
    postgres: `PostgreSQL ${rows[0]?.server_version ?? 'unknown'}`,
    os: kernel,
  };
}

/** Load averages (1, 5, 15 min), to show how busy the machine was. */
export const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
