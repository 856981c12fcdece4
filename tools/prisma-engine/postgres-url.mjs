// Reading the Prisma-style PostgreSQL URLs the CLI hands the engine.
// `?schema=` is Prisma's own parameter: `pg` knows nothing of it, so it is
// taken out of the connection string and applied as search_path instead.

/**
 * @typedef {object} PostgresTarget
 * @property {string} connectionString the URL without Prisma-only parameters
 * @property {string} schema the schema to migrate (default `public`)
 * @property {string} database
 * @property {string} location `host:port`, for error messages
 */

/** @param {string} url */
export function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * @param {string} url
 * @returns {PostgresTarget}
 */
export function parsePostgresUrl(url) {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') || 'public';
  parsed.searchParams.delete('schema');
  return {
    connectionString: parsed.toString(),
    schema,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
    location: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`,
  };
}

/**
 * The same server and credentials, another database.
 * @param {string} connectionString
 * @param {string} database
 */
export function withDatabase(connectionString, database) {
  const parsed = new URL(connectionString);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** @param {string} name */
export function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A libpq `options` value that puts `schema` first on the search path.
 * @param {string} schema
 */
export function searchPathOption(schema) {
  return `-c search_path=${quoteIdent(schema).replace(/[\\ ]/g, (c) => `\\${c}`)}`;
}
