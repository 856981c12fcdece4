// Public surface of `@homelab/nats/db`: a service's own database (PostgreSQL
// or embedded PGlite), its migrations, and the bus's SQL surface on Prisma.
export type { SqlClient, SqlDatabase } from './sql.ts';
export { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from './open-database.ts';
export {
  applyMigrations,
  PRISMA_MIGRATE_LOCK_KEY,
  type MigrationLogger,
  type MigrationResult,
  type MigrationTarget,
} from './migrate.ts';
export { readMigrations, type MigrationFile } from './migration-files.ts';
export {
  sqlFromPrisma,
  sqlDatabaseFromPrisma,
  DEFAULT_TRANSACTION_OPTIONS,
  type PrismaRawClient,
  type PrismaClientLike,
  type PrismaTransactionOptions,
} from './prisma-sql.ts';
export { createPgListener, type PgListener } from './pg-listener.ts';
export {
  DatabaseConnectError,
  isDatabaseUnavailable,
  MigrationChecksumError,
  MigrationFailedError,
  MigrationsDirError,
  UnfinishedMigrationError,
} from './db-errors.ts';
