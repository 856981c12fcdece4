// A throw-away PostgreSQL cluster for the tests (initdb + pg_ctl on a free
// port, password authentication), or the server named by TEST_DATABASE_URL.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBinDir, INSTALL_HINTS } from '../../scripts/lib/binaries.mjs';
import { freePort } from './ports.ts';

const run = promisify(execFile);

export interface PostgresHandle {
  /** A superuser URL on the `postgres` database. */
  adminUrl: string;
  stop(): Promise<void>;
  /**
   * The server itself, stopped and started again on the same port and data (for outage
   * tests); absent for a server given as TEST_DATABASE_URL.
   */
  server?: {
    /** pg_ctl stop: `fast` ends the sessions cleanly, `immediate` like a crash. */
    halt(mode?: 'fast' | 'immediate'): Promise<void>;
    resume(): Promise<void>;
  };
}

/** Debian's server programs refuse to run as root: run them as `postgres`. */
function asServerUser(): { uid: number; gid: number; prefix: string[] } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) {
    throw new Error('running as root, but there is no `postgres` user to run the test cluster as');
  }
  return {
    uid: Number(id.stdout),
    gid: Number(gid.stdout),
    prefix: ['runuser', '-u', 'postgres', '--'],
  };
}

export async function startPostgres(): Promise<PostgresHandle> {
  if (process.env.TEST_DATABASE_URL) {
    return { adminUrl: process.env.TEST_DATABASE_URL, stop: async () => undefined };
  }
  const bin = findPostgresBinDir();
  if (!bin) throw new Error(INSTALL_HINTS.postgres);
  const owner = asServerUser();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'homelab-pg-'));
  const data = path.join(dir, 'data');
  const password = randomBytes(12).toString('hex');
  const pwfile = path.join(dir, 'pw');
  await writeFile(pwfile, password + '\n');
  if (owner) {
    await chown(dir, owner.uid, owner.gid);
    await chown(pwfile, owner.uid, owner.gid);
  }
  await chmod(dir, 0o700);
  const exec = (cmd: string, args: string[]) =>
    owner ? run(owner.prefix[0]!, [...owner.prefix.slice(1), cmd, ...args]) : run(cmd, args);

  await exec(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=scram-sha-256',
    `--pwfile=${pwfile}`,
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const port = await freePort();
  const start = () =>
    exec(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-t',
      '60',
      'start',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
    ]);
  await start();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await exec(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
      await rm(dir, { recursive: true, force: true });
    },
    server: {
      halt: async (mode = 'fast') =>
        void (await exec(path.join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop'])),
      resume: async () => void (await start()),
    },
  };
}
