import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../../../tools/test-env/mod.ts';
import {
  MigrationChecksumError,
  MigrationFailedError,
  UnfinishedMigrationError,
} from './db-errors.ts';
import { applyMigrations } from './migrate.ts';
import { readMigrations } from './migration-files.ts';
import { copyMigrations, tempDir, type TempDir } from './test-support.ts';

const tables = async (db: PGlite) =>
  (
    await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' ORDER BY table_name`,
    )
  ).rows.map((r) => r.name);

describe('applyMigrations on PGlite', () => {
  let tmp: TempDir;
  let db: PGlite;
  let migrations: string;

  beforeAll(async () => {
    tmp = await tempDir('migrate');
    const exitCode = process.exitCode;
    db = new PGlite(path.join(tmp.dir, 'pglite'));
    await db.waitReady;
    process.exitCode = exitCode;
  });
  afterAll(async () => {
    const exitCode = process.exitCode;
    await db?.close();
    process.exitCode = exitCode;
    await tmp?.remove();
  });
  beforeEach(async () => {
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    migrations = await copyMigrations(await tempDir('migrations').then((t) => t.dir));
  });

  it('creates the tables, the notify trigger and Prisma-style bookkeeping', async () => {
    const result = await applyMigrations(db, migrations);
    const [init] = await readMigrations(migrations);
    expect(result).toEqual({ applied: [init!.name], alreadyApplied: 0 });
    expect(await tables(db)).toEqual([
      '_prisma_migrations',
      'notes',
      'outbox_events',
      'processed_events',
    ]);
    const trigger = await db.query(
      `SELECT 1 FROM pg_trigger WHERE tgname = 'outbox_events_notify'`,
    );
    expect(trigger.rows).toHaveLength(1);

    const sql = await readFile(path.join(migrations, init!.name, 'migration.sql'));
    const rows = await db.query<Record<string, unknown>>('SELECT * FROM _prisma_migrations');
    expect(rows.rows).toEqual([
      expect.objectContaining({
        migration_name: init!.name,
        checksum: createHash('sha256').update(sql).digest('hex'),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
        finished_at: expect.any(Date),
      }),
    ]);
  });

  it('does nothing when run a second time', async () => {
    await applyMigrations(db, migrations);
    const before = await db.query('SELECT * FROM _prisma_migrations');
    expect(await applyMigrations(db, migrations)).toEqual({ applied: [], alreadyApplied: 1 });
    expect((await db.query('SELECT * FROM _prisma_migrations')).rows).toEqual(before.rows);
  });

  it('applies a new migration after the ones already applied', async () => {
    await applyMigrations(db, migrations);
    await mkdir(path.join(migrations, '29990101000000_note_title'));
    await writeFile(
      path.join(migrations, '29990101000000_note_title', 'migration.sql'),
      'ALTER TABLE "notes" ADD COLUMN "title" TEXT;\n',
    );
    expect(await applyMigrations(db, migrations)).toEqual({
      applied: ['29990101000000_note_title'],
      alreadyApplied: 1,
    });
    const columns = await db.query(
      `SELECT 1 FROM information_schema.columns WHERE column_name = 'title'`,
    );
    expect(columns.rows).toHaveLength(1);
  });

  it('refuses a migration.sql that was edited after it was applied', async () => {
    await applyMigrations(db, migrations);
    const [init] = await readMigrations(migrations);
    await appendFile(path.join(migrations, init!.name, 'migration.sql'), '\n-- an afterthought\n');
    const attempt = applyMigrations(db, migrations);
    await expect(attempt).rejects.toBeInstanceOf(MigrationChecksumError);
    await expect(attempt).rejects.toThrow(/was changed after it was applied.*new migration/);
  });

  it('accepts an applied migration whose file only changed line endings', async () => {
    await applyMigrations(db, migrations);
    const [init] = await readMigrations(migrations);
    const file = path.join(migrations, init!.name, 'migration.sql');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/\n/g, '\r\n'));
    expect(await applyMigrations(db, migrations)).toEqual({ applied: [], alreadyApplied: 1 });
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    await mkdir(path.join(migrations, '29990101000000_broken'));
    await writeFile(
      path.join(migrations, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" (id INT);\nSELECT 1/0;\n',
    );
    const attempt = applyMigrations(db, migrations);
    await expect(attempt).rejects.toBeInstanceOf(MigrationFailedError);
    await expect(attempt).rejects.toThrow(
      /29990101000000_broken failed and was rolled back: division by zero/,
    );
    expect(await tables(db)).not.toContain('half_done');
    const recorded = await db.query(`SELECT migration_name FROM _prisma_migrations`);
    expect(recorded.rows).toHaveLength(1);
  });

  it('refuses to start on a migration the Prisma CLI left unfinished', async () => {
    await applyMigrations(db, migrations);
    await db.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs)
       VALUES ('00000000-0000-4000-8000-000000000000', 'x', '29990101000000_crashed', 'boom')`,
    );
    const attempt = applyMigrations(db, migrations);
    await expect(attempt).rejects.toBeInstanceOf(UnfinishedMigrationError);
    await expect(attempt).rejects.toThrow(
      /prisma migrate resolve --rolled-back 29990101000000_crashed/,
    );
  });
});

describe('applyMigrations on PostgreSQL', () => {
  let database: ServiceDatabase;
  let migrations: string;
  beforeAll(async () => {
    database = await createServiceDatabase(inject('pgAdminUrl'), 'migrate');
    migrations = await copyMigrations((await tempDir('migrations')).dir);
  });
  afterAll(() => database?.drop());

  it('lets replicas that start together apply each migration exactly once', async () => {
    const clients = Array.from(
      { length: 4 },
      () => new pg.Client({ connectionString: database.url }),
    );
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const results = await Promise.all(clients.map((c) => applyMigrations(c, migrations)));
      expect(results.flatMap((r) => r.applied)).toHaveLength(1);
      const rows = await clients[0]!.query('SELECT migration_name FROM _prisma_migrations');
      expect(rows.rowCount).toBe(1);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
