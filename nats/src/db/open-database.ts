// Opens a service's own database: PostgreSQL when a URL is configured,
// otherwise an embedded PGlite under the service's data folder. Either way
// the migrations are applied first, then the service gets its Prisma client
// and the bus's SQL surface on that same client.
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationLogger } from './migrate.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';
import type { PrismaClientLike, PrismaTransactionOptions } from './prisma-sql.ts';
import type { SqlDatabase } from './sql.ts';

export interface OpenDatabaseOptions<P extends PrismaClientLike> {
  /** postgres://… ; without it the embedded PGlite is used. */
  url?: string;
  /** PostgreSQL schema (default: `?schema=` of the URL, else `public`). */
  schema?: string;
  /** The service's data folder; PGlite keeps its files in `<dataDir>/pglite`. */
  dataDir: string;
  /** The service's `prisma/migrations` folder. */
  migrationsDir: string;
  /** Usually `(adapter) => new PrismaClient({ adapter })`. */
  createClient: (adapter: SqlDriverAdapterFactory) => P;
  logger?: MigrationLogger;
  /** Limits of `sql.transaction` (defaults: DEFAULT_TRANSACTION_OPTIONS). */
  transactionOptions?: PrismaTransactionOptions;
}

export interface OpenedDatabase<P> {
  prisma: P;
  /** The bus's SQL surface, on the same Prisma client (and its transactions). */
  sql: SqlDatabase;
  kind: 'postgres' | 'pglite';
  /** Resolves when the database answers a trivial query (for readiness checks). */
  ping(): Promise<void>;
  /** Disconnects Prisma and closes every connection (PGlite flushes its files). */
  close(): Promise<void>;
}

export async function openDatabase<P extends PrismaClientLike>(
  options: OpenDatabaseOptions<P>,
): Promise<OpenedDatabase<P>> {
  return options.url
    ? openPostgresDatabase({ ...options, url: options.url })
    : openPgliteDatabase(options);
}
