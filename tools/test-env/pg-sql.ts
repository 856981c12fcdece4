// The SqlDatabase interface of @homelab/nats over plain `pg`, for tests. Tests
// write and read rows through the services' own stores (user, ticket, import,
// deployment … stores take a SqlDatabase), so they need that interface on the
// service's test database without starting the service's Prisma client.
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import pg from 'pg';

/** query/execute on whatever pg can run a statement on: the pool itself or one checked-out client. */
function statementsOn(target: pg.Pool | pg.PoolClient): SqlClient {
  return {
    query: async <T>(text: string, params?: unknown[]) =>
      (await target.query(text, params)).rows as T[],
    execute: async (text: string, params?: unknown[]) =>
      (await target.query(text, params)).rowCount ?? 0,
  };
}

/**
 * A SqlDatabase over a pool the caller owns (and ends). Single statements go to any pooled
 * connection; a transaction holds one connection from BEGIN to COMMIT or ROLLBACK.
 */
export function sqlOverPool(pool: pg.Pool): SqlDatabase {
  return {
    ...statementsOn(pool),
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // While checked out the client is not watched by the pool: a backend killed mid-
      // transaction (a database dropped in teardown) must fail the call, not the process.
      let dead = false;
      const onClientError = () => {
        dead = true;
      };
      client.on('error', onClientError);
      try {
        await client.query('BEGIN');
        const result = await fn(statementsOn(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot roll back is not given back to the pool; the
        // caller sees the error that made the transaction fail.
        await client.query('ROLLBACK').catch(() => {
          dead = true;
        });
        throw err;
      } finally {
        client.off('error', onClientError);
        client.release(dead);
      }
    },
  };
}

/** A SqlDatabase with a pool of its own, closed by end(). */
export interface OpenedSql extends SqlDatabase {
  end(): Promise<void>;
}

/**
 * A small pool of its own on url (max 2 connections unless told) as a SqlDatabase;
 * end() closes it. Idle connections that drop (the test database going away in
 * teardown) are ignored instead of crashing the test process.
 */
export function openSql(url: string, options: { max?: number } = {}): OpenedSql {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 2 });
  pool.on('error', () => undefined);
  return { ...sqlOverPool(pool), end: () => pool.end() };
}
