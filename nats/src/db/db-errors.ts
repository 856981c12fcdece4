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

// The driver adapter's kinds for "the server is not there": Prisma carries them in
// `meta.driverAdapterError.cause.kind`, with the server's SQLSTATE for kind `postgres`.
const UNREACHABLE_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
// Prisma's own codes for the same: cannot reach, timed out, connection closed, pool timeout.
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
// Socket errors from `pg` itself (the readiness ping, LISTEN, a pool the service owns).
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

// What `pg` says, without a code, when the server went away under a client (e.g. mid-transaction).
const LOST_CONNECTION_MESSAGES =
  /^(Connection terminated( unexpectedly)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)$/;

/** SQLSTATE 08xxx (connection exception), 57P01–57P03 (shut down, starting up), 53300. */
const unreachableSqlState = (code: string) =>
  code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);

/**
 * True when err says the database could not be reached or went away (stopped,
 * restarting, refusing connections), as opposed to refusing this statement.
 * Such a failure is temporary: the caller may answer "unavailable, try again".
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [err];
  while (pending.length > 0) {
    const e = pending.pop();
    if (typeof e !== 'object' || e === null || seen.has(e)) continue;
    seen.add(e);
    const { code, kind, originalCode, cause, meta, message } = e as Record<string, unknown>;
    if (typeof kind === 'string' && UNREACHABLE_KINDS.has(kind)) return true;
    for (const c of [code, originalCode]) {
      if (typeof c !== 'string') continue;
      if (UNREACHABLE_PRISMA_CODES.has(c) || UNREACHABLE_SOCKET_CODES.has(c)) return true;
      if (/^[0-9A-Z]{5}$/.test(c) && unreachableSqlState(c)) return true;
      // 55000 is broad; only its "database … is not currently accepting connections" (ALLOW_CONNECTIONS false).
      if (
        c === '55000' &&
        typeof message === 'string' &&
        /not currently accepting connections/.test(message)
      ) {
        return true;
      }
    }
    if (e instanceof Error && LOST_CONNECTION_MESSAGES.test(e.message)) return true;
    pending.push(cause, (meta as Record<string, unknown> | undefined)?.driverAdapterError);
  }
  return false;
}
