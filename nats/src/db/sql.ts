// The small SQL surface the bus helpers need from a service's database. It is
// met by a Prisma client (see prisma-sql.ts) on PostgreSQL or PGlite, and by
// plain `pg` in the bus package's own tests. Positional parameters are $1, $2 …
export interface SqlClient {
  /** Runs one statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs one statement and returns the number of rows it changed. */
  execute(sql: string, params?: unknown[]): Promise<number>;
}

export interface SqlDatabase extends SqlClient {
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
  /**
   * Calls onNotify on every NOTIFY on channel, until the returned function is
   * called. Optional: without it the outbox relay polls.
   */
  listen?(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
}
