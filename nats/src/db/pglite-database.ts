// The embedded side of openDatabase: PGlite (PostgreSQL compiled to wasm)
// in `<dataDir>/pglite`, one instance shared by Prisma, the migrations and
// LISTEN. PGlite allows one process per folder, and its runtime overwrites
// process.exitCode when it starts and stops, so the code is restored.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { DatabaseConnectError } from './db-errors.ts';
import { applyMigrations } from './migrate.ts';
import type { OpenDatabaseOptions, OpenedDatabase } from './open-database.ts';
import { sqlDatabaseFromPrisma, type PrismaClientLike } from './prisma-sql.ts';

async function keepingExitCode<T>(fn: () => Promise<T>): Promise<T> {
  const exitCode = process.exitCode;
  try {
    return await fn();
  } finally {
    process.exitCode = exitCode;
  }
}

export async function openPgliteDatabase<P extends PrismaClientLike>(
  options: OpenDatabaseOptions<P>,
): Promise<OpenedDatabase<P>> {
  const dir = path.join(options.dataDir, 'pglite');
  let db: PGlite;
  try {
    await mkdir(dir, { recursive: true });
    db = await keepingExitCode(async () => {
      const instance = new PGlite(dir);
      await instance.waitReady;
      return instance;
    });
  } catch (error) {
    throw new DatabaseConnectError(dir, { cause: error });
  }
  try {
    await applyMigrations(db, options.migrationsDir, options.logger);
  } catch (error) {
    await keepingExitCode(() => db.close()).catch(() => undefined);
    throw error;
  }

  // The adapter package pins an older @prisma/driver-adapter-utils; the shapes agree.
  const adapter = new PrismaPGlite(db) as unknown as SqlDriverAdapterFactory;
  const prisma = options.createClient(adapter);
  const sql = sqlDatabaseFromPrisma(prisma, {
    ...options.transactionOptions,
    listen: async (channel, onNotify) => {
      const unlisten = await db.listen(channel, () => onNotify());
      return () => unlisten();
    },
  });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    sql,
    kind: 'pglite',
    ping: async () => void (await db.query('SELECT 1')),
    close: () =>
      (closing ??= keepingExitCode(async () => {
        await prisma.$disconnect();
        if (!db.closed) await db.close();
      })),
  };
}
