// deploy/postgres/10-homelab-databases.sh, the postgres container's init script,
// run against a throw-away cluster of its own: each service's role reaches its
// own database and no other (nor the maintenance database), passwords are
// checked, and a second run (a changed password) only updates what changed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPostgresBinDir } from '../../scripts/lib/binaries.mjs';
import { startPostgres, type PostgresHandle } from '../test-env/postgres.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'deploy/postgres/10-homelab-databases.sh');
const binDir = findPostgresBinDir();
// The script changes cluster-wide privileges, so it gets its own cluster, never
// a shared server given as TEST_DATABASE_URL.
const skip = process.env.TEST_DATABASE_URL
  ? ' (SKIPPED: TEST_DATABASE_URL is set; this test needs a cluster of its own)'
  : '';

const passwords = {
  STREAMBOT_DB_PASSWORD: 'streambot-pw-1',
  DISCORD_DB_PASSWORD: 'it\'s; a "quoted" pw',
  DASHBOARD_DB_PASSWORD: 'dashboard-pw-1',
};
const roles = [
  { role: 'streambot', key: 'STREAMBOT_DB_PASSWORD' },
  { role: 'discord', key: 'DISCORD_DB_PASSWORD' },
  { role: 'homelab_jarvis', key: 'DASHBOARD_DB_PASSWORD' },
] as const;

describe.skipIf(Boolean(skip) || !binDir)(`postgres init script${skip}`, () => {
  let server: PostgresHandle;
  let admin: URL;

  beforeAll(async () => {
    server = await startPostgres();
    admin = new URL(server.adminUrl);
  });
  afterAll(() => server?.stop());

  function runScript(env: Record<string, string>) {
    return spawnSync('sh', [SCRIPT], {
      encoding: 'utf8',
      env: {
        PATH: `${binDir}:${process.env.PATH}`,
        PGHOST: admin.hostname,
        PGPORT: admin.port,
        PGPASSWORD: decodeURIComponent(admin.password),
        POSTGRES_USER: admin.username,
        ...env,
      },
    });
  }

  async function connects(user: string, password: string, database: string): Promise<string> {
    const client = new pg.Client({
      host: admin.hostname,
      port: Number(admin.port),
      user,
      password,
      database,
    });
    try {
      await client.connect();
      const r = await client.query<{ u: string }>('SELECT current_user AS u');
      return `ok ${r.rows[0]!.u}`;
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  it('creates one database and role per service, none reaching another’s', async () => {
    const r = runScript(passwords);
    expect(r.status, r.stderr).toBe(0);
    for (const { role, key } of roles) {
      expect(await connects(role, passwords[key], role)).toBe(`ok ${role}`);
      for (const other of roles.filter((o) => o.role !== role)) {
        expect(await connects(role, passwords[key], other.role)).toMatch(
          /permission denied for database/,
        );
      }
      expect(await connects(role, passwords[key], 'postgres')).toMatch(/permission denied/);
      expect(await connects(role, 'wrong-password', role)).toMatch(
        /password authentication failed/,
      );
    }
  });

  it('runs again without harm, setting a changed password (also read from a _FILE)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pg-init-'));
    writeFileSync(path.join(dir, 'pw'), 'dashboard-pw-2');
    const { DASHBOARD_DB_PASSWORD: _unused, ...others } = passwords;
    const r = runScript({
      ...others,
      STREAMBOT_DB_PASSWORD: 'streambot-pw-2',
      DASHBOARD_DB_PASSWORD_FILE: path.join(dir, 'pw'),
    });
    rmSync(dir, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    expect(await connects('streambot', 'streambot-pw-2', 'streambot')).toBe('ok streambot');
    expect(await connects('streambot', 'streambot-pw-1', 'streambot')).toMatch(/password/);
    expect(await connects('homelab_jarvis', 'dashboard-pw-2', 'homelab_jarvis')).toBe(
      'ok homelab_jarvis',
    );
    expect(await connects('discord', passwords.DISCORD_DB_PASSWORD, 'discord')).toBe('ok discord');
  });

  it('refuses to run with a password missing, naming it', () => {
    const r = runScript({ STREAMBOT_DB_PASSWORD: 'x', DISCORD_DB_PASSWORD: 'y' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/DASHBOARD_DB_PASSWORD \(or DASHBOARD_DB_PASSWORD_FILE\) is not set/);
  });
});
