// A SqlDatabase over a plain `pg` Pool for the bus package's own tests (the
// services use the Prisma-backed one from src/db/). LISTEN gets its own
// client because a pooled connection would drop notifications between uses.
import pg from 'pg';
import type { SqlClient, SqlDatabase } from '../../src/db/sql.ts';

export interface PgDatabase extends SqlDatabase {
  pool: pg.Pool;
  close(): Promise<void>;
}

function clientOf(q: pg.Pool | pg.PoolClient): SqlClient {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await q.query(sql, params)).rows as T[],
    execute: async (sql: string, params?: unknown[]) => (await q.query(sql, params)).rowCount ?? 0,
  };
}

export function pgDatabase(url: string, options: { max?: number } = {}): PgDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 5 });
  // An idle client killed by a test (or a restarted server) must not crash the process.
  pool.on('error', () => undefined);
  const listeners = new Set<pg.Client>();
  return {
    pool,
    ...clientOf(pool),
    transaction: async <T>(fn: (tx: SqlClient) => Promise<T>) => {
      const conn = await pool.connect();
      let broken = false;
      // The pool listens for errors only on idle clients: a checked-out client
      // whose backend is terminated would otherwise crash the test process.
      const onError = () => {
        broken = true;
      };
      conn.on('error', onError);
      try {
        await conn.query('BEGIN');
        const result = await fn(clientOf(conn));
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is dead: drop it from the pool.
        await conn.query('ROLLBACK').catch(() => (broken = true));
        throw err;
      } finally {
        conn.off('error', onError);
        conn.release(broken);
      }
    },
    listen: async (channel: string, onNotify: () => void) => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify();
      });
      await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
      listeners.add(client);
      return async () => {
        listeners.delete(client);
        await client.end();
      };
    },
    close: async () => {
      await Promise.all([...listeners].map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}
