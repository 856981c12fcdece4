// The smoke test ENVIRONMENT.md asks for, per service: the unmodified Prisma
// CLI, running through the shim, brings a fresh database to the schema and
// finds no drift; so does the services' own applyMigrations, after which the
// CLI agrees that nothing is pending.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { applyMigrations } from '../../nats/src/db/migrate.ts';
import { createServiceDatabase, type ServiceDatabase } from '../test-env/mod.ts';
import { REPO, SERVICES, runPrisma, serviceDir, type RunResult } from './test-helpers.ts';

const DRIFT_CHECK = [
  'migrate',
  'diff',
  '--from-config-datasource',
  '--to-schema',
  'prisma/schema.prisma',
  '--exit-code',
];

const databases: ServiceDatabase[] = [];
async function freshDatabase(prefix: string) {
  const db = await createServiceDatabase(inject('pgAdminUrl'), prefix);
  databases.push(db);
  return db;
}
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const explain = (r: RunResult) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

// CLI runs are separate processes: services run side by side.
describe.concurrent.each(SERVICES)('%s migrations through the Prisma CLI', (service) => {
  const cwd = serviceDir(service);
  const prefix = service.replace('-', '_');

  it('migrate deploy reaches the schema and migrate diff finds no drift', async ({ expect }) => {
    const db = await freshDatabase(`${prefix}_cli`);
    const deploy = await runPrisma(['migrate', 'deploy'], cwd, db.url);
    expect(deploy.code, explain(deploy)).toBe(0);
    expect(deploy.stdout).toMatch(/All migrations have been successfully applied/);
    const diff = await runPrisma(DRIFT_CHECK, cwd, db.url);
    expect(diff.code, explain(diff)).toBe(0);
    expect(diff.stdout).toMatch(/No difference detected/);
  });

  it('applyMigrations reaches the same schema, and migrate status agrees nothing is pending', async ({
    expect,
  }) => {
    const db = await freshDatabase(`${prefix}_own`);
    const result = await withClient(db.url, (c) =>
      applyMigrations(c, path.join(cwd, 'prisma', 'migrations')),
    );
    expect(result.applied.length).toBeGreaterThan(0);
    const [diff, status] = await Promise.all([
      runPrisma(DRIFT_CHECK, cwd, db.url),
      runPrisma(['migrate', 'status'], cwd, db.url),
    ]);
    expect(diff.code, explain(diff)).toBe(0);
    expect(status.code, explain(status)).toBe(0);
    expect(status.stdout).toMatch(/Database schema is up to date/);
  });
});

describe.concurrent('the drift check and the bus tables', () => {
  let reference: ServiceDatabase;
  beforeAll(async () => {
    reference = await freshDatabase('bus_tables_ref');
    const ddl = await readFile(path.join(REPO, 'nats', 'sql', 'bus-tables.sql'), 'utf8');
    await withClient(reference.url, (c) => c.query(ddl));
  });

  /** Columns, indexes, constraints and triggers of the bus tables, as the catalog sees them. */
  const describeBusTables = (url: string) =>
    withClient(url, async (c) => {
      const q = async (sql: string) => (await c.query(sql)).rows;
      const tables = `('outbox_events', 'processed_events')`;
      return {
        columns:
          await q(`SELECT table_name, column_name, data_type, datetime_precision, is_nullable, column_default
          FROM information_schema.columns WHERE table_name IN ${tables} ORDER BY table_name, ordinal_position`),
        indexes: await q(
          `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ${tables} ORDER BY indexname`,
        ),
        constraints: await q(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
          WHERE conrelid::regclass::text IN ${tables} ORDER BY conname`),
        triggers: await q(`SELECT tgname, pg_get_triggerdef(oid) AS def FROM pg_trigger
          WHERE NOT tgisinternal ORDER BY tgname`),
        functions: await q(
          `SELECT proname, prosrc FROM pg_proc WHERE proname = 'outbox_events_notify'`,
        ),
      };
    });

  it.for(SERVICES)(
    '%s creates the bus tables exactly as nats/sql/bus-tables.sql does',
    async (service, { expect }) => {
      const db = await freshDatabase(`${service.replace('-', '_')}_bus`);
      await withClient(db.url, (c) =>
        applyMigrations(c, path.join(serviceDir(service), 'prisma', 'migrations')),
      );
      const expected = await describeBusTables(reference.url);
      expect(expected.triggers).toHaveLength(1);
      expect(await describeBusTables(db.url)).toEqual(expected);
    },
  );

  it('reports a hand-made change to a migrated database as drift (exit code 2)', async ({
    expect,
  }) => {
    const cwd = serviceDir('stream-bot');
    const db = await freshDatabase('drift');
    await withClient(db.url, async (c) => {
      await applyMigrations(c, path.join(cwd, 'prisma', 'migrations'));
      await c.query('ALTER TABLE outbox_events ADD COLUMN hand_made INT');
    });
    const diff = await runPrisma(DRIFT_CHECK, cwd, db.url);
    expect(diff.code, explain(diff)).toBe(2);
    expect(diff.stdout).toMatch(/hand_made/);
  });

  it('migrates into the schema named by ?schema= and finds no drift there', async ({ expect }) => {
    const cwd = serviceDir('discord-bot');
    const db = await freshDatabase('cli_schema');
    const url = `${db.url}?schema=discord_app`;
    const deploy = await runPrisma(['migrate', 'deploy'], cwd, url);
    expect(deploy.code, explain(deploy)).toBe(0);
    const diff = await runPrisma(DRIFT_CHECK, cwd, url);
    expect(diff.code, explain(diff)).toBe(0);
    const schemas = await withClient(db.url, (c) =>
      c.query(
        `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name = 'guilds'`,
      ),
    );
    expect(schemas.rows).toEqual([{ table_schema: 'discord_app' }]);
  });
});
