// Applies a service's Prisma migrations at start-up, without the Prisma CLI.
// The bookkeeping is Prisma's own (`_prisma_migrations`, checksum = sha256 of
// migration.sql), so `prisma migrate status` and `deploy` agree afterwards.
// Replicas starting together queue on the advisory lock Prisma Migrate uses;
// each migration runs in its own transaction, so a failure leaves nothing
// half-applied and no row behind (the next start simply tries again).
import { randomUUID } from 'node:crypto';
import type { ClientBase } from 'pg';
import type { PGliteInterface } from '@electric-sql/pglite';
import {
  MigrationChecksumError,
  MigrationFailedError,
  UnfinishedMigrationError,
} from './db-errors.ts';
import { checksumMatches, readMigrations, type MigrationFile } from './migration-files.ts';

/** pg_advisory_lock key of Prisma Migrate, shared so the CLI and services exclude each other. */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

export interface MigrationLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** One database session: a `pg` client (not a pool — the lock is per session) or PGlite. */
export type MigrationTarget = ClientBase | PGliteInterface;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

interface Session {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements in one round trip (simple query protocol). */
  script(sql: string): Promise<void>;
}

function sessionOf(db: MigrationTarget): Session {
  if ('exec' in db) {
    return {
      query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
      script: async (sql) => void (await db.exec(sql)),
    };
  }
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query(sql, params)).rows as T[],
    script: async (sql) => void (await db.query(sql)),
  };
}

// The table exactly as Prisma Migrate creates it on PostgreSQL.
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
}

/**
 * Applies every `<migrationsDir>/<name>/migration.sql` not yet recorded, in
 * name order. Refuses (throws) when an applied migration's file changed or
 * when a migration is recorded as started but never finished.
 */
export async function applyMigrations(
  db: MigrationTarget,
  migrationsDir: string,
  logger?: MigrationLogger,
): Promise<MigrationResult> {
  const migrations = await readMigrations(migrationsDir);
  const session = sessionOf(db);
  await session.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  try {
    await session.script(CREATE_TABLE);
    const rows = await session.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
       WHERE rolled_back_at IS NULL ORDER BY started_at`,
    );
    checkHistory(rows, migrations, logger);
    const done = new Set(rows.map((r) => r.migration_name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      await applyOne(session, migration);
      logger?.info({ migration: migration.name }, 'applied database migration');
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  }
}

function checkHistory(rows: AppliedRow[], files: MigrationFile[], logger?: MigrationLogger) {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of rows) {
    if (row.finished_at === null) throw new UnfinishedMigrationError(row.migration_name);
    const file = byName.get(row.migration_name);
    if (!file) {
      // A newer replica may already have migrated further: not an error for an older one.
      logger?.warn(
        { migration: row.migration_name },
        'database has a migration this build does not know',
      );
      continue;
    }
    if (!checksumMatches(file, row.checksum)) throw new MigrationChecksumError(row.migration_name);
  }
}

async function applyOne(session: Session, migration: MigrationFile) {
  await session.query('BEGIN');
  try {
    const id = randomUUID();
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`,
      [id, migration.checksum, migration.name],
    );
    await session.script(migration.sql);
    await session.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1
       WHERE id = $1`,
      [id],
    );
    await session.query('COMMIT');
  } catch (error) {
    await session.query('ROLLBACK').catch(() => undefined);
    throw new MigrationFailedError(migration.name, { cause: error });
  }
}
