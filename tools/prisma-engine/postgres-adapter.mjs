// @prisma/adapter-pg, made fit for migrations. Four gaps in 7.10.1 are closed
// here without touching the package:
//  1. connectToShadowDb() with a connection string would use the main
//     database; this factory creates `prisma_migrate_shadow_db_<uuid>` and
//     drops it afterwards (or wipes an explicit shadowDatabaseUrl).
//  2. executeScript() splits on `;`, which breaks `$$` bodies and makes a
//     failed migration half-applied; the script is sent as one simple query,
//     which PostgreSQL runs as one implicit transaction.
//  3. introspection reads catalog columns of type "char" (OID 18), which the
//     adapter cannot map; such columns are reported as text (and "char"[]
//     as text[]).
//  4. the `schema` option does not set search_path, so unqualified DDL in
//     migration.sql would land in `public`; the pool sets it, and creates the
//     schema when missing.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { parsePostgresUrl, quoteIdent, searchPathOption, withDatabase } from './postgres-url.mjs';

const CHAR_OID = 18;
const CHAR_ARRAY_OID = 1002;
const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;
/** @type {(oid: number, format: 'text') => (value: string) => unknown} */
const getTypeParser = pg.types.getTypeParser;
const parseTextArray = getTypeParser(TEXT_ARRAY_OID, 'text');

/** @typedef {import('@prisma/driver-adapter-utils').SqlDriverAdapter} SqlDriverAdapter */
/** @typedef {{ fields?: { dataTypeID: number }[], rows?: unknown[] }} QueryResultLike */

/** @param {QueryResultLike} result */
function reportCharAsText(result) {
  const fields = result?.fields ?? [];
  fields.forEach((field, index) => {
    if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    if (field.dataTypeID !== CHAR_ARRAY_OID) return;
    field.dataTypeID = TEXT_ARRAY_OID;
    for (const row of result.rows ?? []) {
      if (Array.isArray(row) && typeof row[index] === 'string')
        row[index] = parseTextArray(row[index]);
    }
  });
}

/**
 * Wraps client.query of every pooled connection, promise and callback style.
 * @param {pg.PoolClient} client
 */
function patchCatalogTypes(client) {
  /** @type {(...args: unknown[]) => unknown} */
  const original = client.query.bind(client);
  /** @param {unknown} result */
  const fix = (result) => {
    for (const r of Array.isArray(result) ? result : [result]) reportCharAsText(r);
    return result;
  };
  /** @param {unknown[]} args */
  const query = (...args) => {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (/** @type {unknown} */ err, /** @type {unknown} */ res) =>
        callback(err, err ? res : fix(res));
      return original(...args);
    }
    const pending = original(...args);
    return pending instanceof Promise ? pending.then(fix) : pending;
  };
  Object.assign(client, { query });
}

/**
 * @param {string} connectionString
 * @param {string} schema
 */
function createPool(connectionString, schema) {
  const pool = new pg.Pool({ connectionString, options: searchPathOption(schema), max: 4 });
  pool.on('connect', patchCatalogTypes);
  // An idle connection dropped by the server must not crash the engine.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * @param {pg.Pool} pool
 * @param {string} schema
 */
async function ensureSchema(pool, schema) {
  const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rows.length === 0) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
}

/**
 * @param {pg.Pool} pool
 * @param {string} schema
 * @param {() => Promise<void>} [afterDispose]
 * @returns {Promise<SqlDriverAdapter>}
 */
async function adapterOn(pool, schema, afterDispose) {
  // @prisma/adapter-pg brings its own (newer) @types/pg; the runtime `pg` is the same.
  const external = /** @type {ConstructorParameters<typeof PrismaPg>[0]} */ (
    /** @type {unknown} */ (pool)
  );
  const adapter = await new PrismaPg(external, { schema, disposeExternalPool: true }).connect();
  const errors = /** @type {{ onError(error: unknown): never }} */ (
    /** @type {unknown} */ (adapter)
  );
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      errors.onError(error);
    }
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await afterDispose?.();
  };
  return adapter;
}

/**
 * Runs one statement on a short-lived connection.
 * @param {string} connectionString
 * @param {string} sql
 */
async function runOnce(connectionString, sql) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * @param {{ url: string, shadowDatabaseUrl?: string }} datasource
 * @returns {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory & { cleanup(): Promise<void> }}
 */
export function createPostgresFactory(datasource) {
  const main = parsePostgresUrl(datasource.url);
  /** Shadow databases this process created and has not dropped yet. */
  const shadows = new Set();

  const dropShadow = async (/** @type {string} */ name) => {
    await runOnce(
      main.connectionString,
      `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`,
    );
    shadows.delete(name);
  };

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    async connect() {
      const pool = createPool(main.connectionString, main.schema);
      await ensureSchema(pool, main.schema).catch(() => undefined);
      return adapterOn(pool, main.schema);
    },
    async connectToShadowDb() {
      if (datasource.shadowDatabaseUrl) {
        const shadow = parsePostgresUrl(datasource.shadowDatabaseUrl);
        const pool = createPool(shadow.connectionString, shadow.schema);
        // A configured shadow database is scratch space, as with the native engine.
        await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(shadow.schema)} CASCADE`);
        await pool.query(`CREATE SCHEMA ${quoteIdent(shadow.schema)}`);
        return adapterOn(pool, shadow.schema);
      }
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      await runOnce(main.connectionString, `CREATE DATABASE ${quoteIdent(name)}`);
      shadows.add(name);
      const pool = createPool(withDatabase(main.connectionString, name), main.schema);
      await ensureSchema(pool, main.schema);
      return adapterOn(pool, main.schema, () => dropShadow(name));
    },
    async cleanup() {
      await Promise.allSettled([...shadows].map(dropShadow));
    },
  };
}
