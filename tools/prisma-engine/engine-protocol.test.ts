// The shim spoken to directly, the way the Prisma CLI speaks to its schema
// engine, against the test PostgreSQL cluster.
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServiceDatabase, withDatabase, type ServiceDatabase } from '../test-env/mod.ts';
import { runShim, serviceDir, startEngine, type RpcError } from './test-helpers.ts';

const datasourceOnly = {
  path: 'schema.prisma',
  content: 'datasource db {\n  provider = "postgresql"\n}\n',
};

async function onDatabase<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** stream-bot's migrations as the CLI hands them to the engine. */
async function migrationsList(extra: { name: string; sql: string }[] = []) {
  const baseDir = path.join(serviceDir('stream-bot'), 'prisma', 'migrations');
  const names = (await readdir(baseDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const dirs = await Promise.all(
    names.map(async (name) => ({
      name,
      sql: await readFile(path.join(baseDir, name, 'migration.sql'), 'utf8'),
    })),
  );
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: 'provider = "postgresql"\n' },
    shadowDbInitScript: '',
    migrationDirectories: [...dirs, ...extra]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) => ({
        path: m.name,
        migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
      })),
  };
}

const noFilter = { externalTables: [], externalEnums: [] };

it('prints a version line for `--version`', async () => {
  const { code, stdout } = await runShim(['--version']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^schema-engine-cli [0-9a-f]{40}\n$/);
});

it('checks, creates and drops a database in cli mode, reporting a missing one as P1003', async () => {
  const url = withDatabase(inject('pgAdminUrl'), `shim_cli_${randomBytes(4).toString('hex')}`);
  const cli = (command: string) =>
    runShim(['--datasource', JSON.stringify({ url }), 'cli', command]);

  const missing = await cli('can-connect-to-database');
  expect(missing.code).toBe(1);
  // The CLI skips the first stderr line and parses the others as JSON.
  const logged = missing.stderr
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => JSON.parse(l));
  expect(logged).toContainEqual(
    expect.objectContaining({
      level: 'ERROR',
      target: 'schema_engine::logger',
      fields: expect.objectContaining({
        error_code: 'P1003',
        message: expect.stringContaining('does not exist'),
      }),
    }),
  );
  expect((await cli('create-database')).code).toBe(0);
  expect((await cli('can-connect-to-database')).code).toBe(0);
  expect((await cli('drop-database')).code).toBe(0);
  expect((await cli('can-connect-to-database')).code).toBe(1);
});

describe('the JSON-RPC server on PostgreSQL', () => {
  let database: ServiceDatabase;
  let url: string;

  beforeAll(async () => {
    database = await createServiceDatabase(inject('pgAdminUrl'), 'shim_rpc');
    // migrate dev needs CREATEDB for its shadow databases, as with the native engine.
    await onDatabase(inject('pgAdminUrl'), (c) =>
      c.query(`ALTER ROLE "${database.user}" CREATEDB`),
    );
    url = database.url;
  });
  afterAll(async () => {
    await database?.drop();
  });

  const engine = () => startEngine(['--datasource', JSON.stringify({ url })]);

  it('hands a diff to the CLI through a print request, like the native engine', async () => {
    const session = engine();
    const result = await session.request('diff', {
      from: { tag: 'empty' },
      to: {
        tag: 'schemaDatamodel',
        files: [
          {
            ...datasourceOnly,
            content: `${datasourceOnly.content}model Probe {\n  id Int @id\n}\n`,
          },
        ],
      },
      script: true,
      exitCode: true,
      filters: noFilter,
    });
    expect(result).toEqual({ exitCode: 2 });
    expect(session.printed.join('\n')).toMatch(/CREATE TABLE "Probe"/);
    expect(await session.close()).toBe(0);
  });

  it('introspects tables although the catalog uses the "char" type', async () => {
    await onDatabase(url, (c) =>
      c.query(`CREATE TABLE flags (id int PRIMARY KEY, kind "char" NOT NULL)`),
    );
    const session = engine();
    const result = await session.request<{ schema: { files: { content: string }[] } }>(
      'introspect',
      {
        schema: { files: [datasourceOnly] },
        baseDirectoryPath: serviceDir('stream-bot'),
        force: false,
        compositeTypeDepth: -1,
        namespaces: null,
      },
    );
    expect(result.schema.files[0]?.content).toMatch(
      /model flags \{[^}]*kind\s+String\s+@db\.Char\b/,
    );
    await session.close();
  });

  it('applies a migration with $$ function bodies as one script', async () => {
    const fresh = await createServiceDatabase(inject('pgAdminUrl'), 'shim_script');
    try {
      const session = startEngine(['--datasource', JSON.stringify({ url: fresh.url })]);
      const fn = {
        name: '29990101000000_function',
        sql: `CREATE FUNCTION twice(x int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN x * 2;
END;
$$;`,
      };
      const list = await migrationsList([fn]);
      const result = await session.request('applyMigrations', {
        migrationsList: list,
        filters: noFilter,
      });
      // stream-bot's own migrations first (however many it has by now), then the function.
      expect(result).toEqual({
        appliedMigrationNames: list.migrationDirectories.map((m) => m.path),
      });
      expect(list.migrationDirectories.at(-1)?.path).toBe(fn.name);
      await session.close();
      const rows = await onDatabase(fresh.url, (c) =>
        c.query<{ v: number }>('SELECT twice(21) AS v'),
      );
      expect(rows.rows[0]?.v).toBe(42);
    } finally {
      await fresh.drop();
    }
  });

  it('leaves nothing of a migration that fails halfway', async () => {
    const fresh = await createServiceDatabase(inject('pgAdminUrl'), 'shim_apply');
    try {
      const session = startEngine(['--datasource', JSON.stringify({ url: fresh.url })]);
      const bad = {
        name: '29990101000000_bad',
        sql: 'CREATE TABLE "half_done" (a int);\nSELECT 1/0;\n',
      };
      const attempt = session.request('applyMigrations', {
        migrationsList: await migrationsList([bad]),
        filters: noFilter,
      });
      await expect(attempt).rejects.toMatchObject({
        data: { message: expect.stringContaining('division by zero') },
      });
      await session.close();
      const state = await onDatabase(fresh.url, async (c) => ({
        halfDone: (await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'half_done'`)).rowCount,
        facts: (await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'facts'`)).rowCount,
        failed: (
          await c.query(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL`)
        ).rows,
      }));
      // The good migration before it stays applied; the bad one is recorded as failed, with no trace.
      expect(state).toEqual({ halfDone: 0, facts: 1, failed: [{ migration_name: bad.name }] });
    } finally {
      await fresh.drop();
    }
  });

  it('replays migrations on its own shadow database and drops it afterwards', async () => {
    const fresh = await createServiceDatabase(inject('pgAdminUrl'), 'shim_shadow');
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    const shadowsOf = async () =>
      (
        await admin.query<{ datname: string }>(
          `SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
           WHERE r.rolname = $1 AND datname LIKE 'prisma_migrate_shadow_db_%'`,
          [fresh.user],
        )
      ).rows.map((r) => r.datname);
    try {
      await admin.query(`ALTER ROLE "${fresh.user}" CREATEDB`);
      const session = startEngine(['--datasource', JSON.stringify({ url: fresh.url })]);
      const migrations = await migrationsList();
      await session.request('applyMigrations', { migrationsList: migrations, filters: noFilter });
      await onDatabase(fresh.url, (c) => c.query('CREATE TABLE sentinel (id int)'));

      const seen = new Set<string>();
      let polling = true;
      const poll = (async () => {
        while (polling) {
          (await shadowsOf()).forEach((name) => seen.add(name));
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const diagnosis = await session.request<{ action: { tag: string; reason?: string } }>(
        'devDiagnostic',
        { migrationsList: migrations, filters: noFilter },
      );
      polling = false;
      await poll;
      await session.close();

      // The replayed history (on the shadow) differs from the main database by the sentinel …
      expect(diagnosis.action).toMatchObject({
        tag: 'reset',
        reason: expect.stringMatching(/Drift detected[^]*sentinel/),
      });
      expect(seen.size).toBeGreaterThanOrEqual(1);
      // … the main database was not touched by the replay, and no shadow is left behind.
      const tables = await onDatabase(fresh.url, (c) =>
        c.query(`SELECT 1 FROM pg_tables WHERE tablename IN ('sentinel', 'facts')`),
      );
      expect(tables.rowCount).toBe(2);
      expect(await shadowsOf()).toEqual([]);
    } finally {
      await admin.end();
      await fresh.drop();
    }
  });

  it('answers a panic with is_panic and exits with code 101', async () => {
    const session = engine();
    const attempt = session.request('debugPanic');
    await expect(attempt).rejects.toMatchObject({ data: { is_panic: true } });
    const error = (await attempt.catch((e: RpcError) => e)) as RpcError;
    expect(error.message).toMatch(/debugPanic/);
    expect(await session.exited).toBe(101);
  });
});
