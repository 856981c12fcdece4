// Why a service cannot open its database or refuses to start on it. Each
// message says what to do; `cause` carries the driver's own error.

interface ErrorOptions {
  cause?: unknown;
}

/** The migrations folder is missing or unreadable (a packaging mistake). */
export class MigrationsDirError extends Error {
  override readonly name = 'MigrationsDirError';
  readonly dir: string;
  constructor(dir: string, options?: ErrorOptions) {
    super(`cannot read the migrations folder ${dir}`, options);
    this.dir = dir;
  }
}

/** A migration failed; its transaction was rolled back, nothing of it remains. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  readonly migration: string;
  constructor(migration: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`migration ${migration} failed and was rolled back${reason}`, options);
    this.migration = migration;
  }
}

/** `_prisma_migrations` records a migration as started but never finished. */
export class UnfinishedMigrationError extends Error {
  override readonly name = 'UnfinishedMigrationError';
  readonly migration: string;
  constructor(migration: string) {
    super(
      `migration ${migration} is recorded as failed (started, never finished); repair the database, ` +
        `then run \`npx prisma migrate resolve --rolled-back ${migration}\` (or --applied) before starting again`,
    );
    this.migration = migration;
  }
}

/** An applied migration's migration.sql no longer matches what was applied. */
export class MigrationChecksumError extends Error {
  override readonly name = 'MigrationChecksumError';
  readonly migration: string;
  constructor(migration: string) {
    super(
      `migration ${migration} was changed after it was applied (checksum mismatch); restore its ` +
        `migration.sql and put the change in a new migration instead`,
    );
    this.migration = migration;
  }
}

/** The database could not be reached or refused the connection. */
export class DatabaseConnectError extends Error {
  override readonly name = 'DatabaseConnectError';
  /** Where, without credentials: `host:port/database` or the PGlite folder. */
  readonly location: string;
  constructor(location: string, options?: ErrorOptions) {
    const reason = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`cannot open the database at ${location}${reason}`, options);
    this.location = location;
  }
}
