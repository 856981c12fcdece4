// The PostgreSQL side of openDatabase: one `pg` pool shared by Prisma (through
// @prisma/adapter-pg) and the readiness ping, a dedicated connection for
// LISTEN, and search_path set on every connection so the bus's unqualified
// SQL reaches the same schema as Prisma's qualified queries.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { DatabaseConnectError } from './db-errors.ts';
import { applyMigrations } from './migrate.ts';
import type { OpenDatabaseOptions, OpenedDatabase } from './open-database.ts';
import { createPgListener } from './pg-listener.ts';
import { sqlDatabaseFromPrisma, type PrismaClientLike } from './prisma-sql.ts';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Splits Prisma's own URL parameters off (`pg` does not know them): `schema`
 * becomes search_path, `connection_limit` the pool size.
 */
export function postgresSettings(url: string, schema?: string) {
  const parsed = new URL(url);
  const fromUrl = parsed.searchParams.get('schema');
  const limit = Number(parsed.searchParams.get('connection_limit'));
  for (const key of ['schema', 'connection_limit', 'pool_timeout']) parsed.searchParams.delete(key);
  const chosen = schema || fromUrl || 'public';
  const escaped = quoteIdent(chosen).replace(/[\\ ]/g, (c) => `\\${c}`);
  return {
    schema: chosen,
    location: `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`,
    config: {
      connectionString: parsed.toString(),
      options: `-c search_path=${escaped}`,
    } satisfies pg.ClientConfig,
    poolSize: Number.isInteger(limit) && limit > 0 ? limit : 10,
  };
}

/** Connects once (a failure here is a connection problem), then migrates on that session. */
async function prepare(
  pool: pg.Pool,
  schema: string,
  location: string,
  options: OpenDatabaseOptions<never>,
) {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw new DatabaseConnectError(location, { cause: error });
  }
  // A checked-out client has no pool error listener: a backend killed while
  // migrating must fail this start-up, not crash the process with an 'error' event.
  const onError = () => undefined;
  client.on('error', onError);
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (rows.length === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await applyMigrations(client, options.migrationsDir, options.logger);
  } finally {
    client.off('error', onError);
    client.release();
  }
}

export async function openPostgresDatabase<P extends PrismaClientLike>(
  options: OpenDatabaseOptions<P> & { url: string },
): Promise<OpenedDatabase<P>> {
  const { schema, location, config, poolSize } = postgresSettings(options.url, options.schema);
  const pool = new pg.Pool({ ...config, max: poolSize });
  // An idle connection the server dropped must not crash the service.
  pool.on('error', (err) =>
    options.logger?.warn({ err: err.message }, 'idle database connection lost'),
  );
  try {
    await prepare(pool, schema, location, options as OpenDatabaseOptions<never>);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }

  // adapter-pg brings its own (newer) @types/pg; at runtime it is the same `pg`.
  const adapter = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0], {
    schema,
  });
  const prisma = options.createClient(adapter);
  const listener = createPgListener(config, options.logger);
  const sql = sqlDatabaseFromPrisma(prisma, {
    ...options.transactionOptions,
    listen: listener.listen,
  });
  let closing: Promise<void> | undefined;
  return {
    prisma,
    sql,
    kind: 'postgres',
    ping: async () => void (await pool.query('SELECT 1')),
    close: () =>
      (closing ??= (async () => {
        await listener.close();
        await prisma.$disconnect();
        await pool.end();
      })()),
  };
}
