// PGlite (embedded PostgreSQL in wasm) for `file:` datasource URLs, so the
// CLI can migrate or inspect a service's embedded database. The package's
// executeScript does not await exec(), so a failing script would look
// successful; the factory here awaits it. Shadow databases are in-memory
// PGlite instances, closed as soon as the engine lets go of them.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {import('@electric-sql/pglite').PGlite} PGlite */
/** @typedef {import('@prisma/driver-adapter-utils').SqlDriverAdapter} SqlDriverAdapter */

/**
 * `file:` URLs and plain paths name a PGlite data directory.
 * @param {string} url
 */
export function isPgliteUrl(url) {
  return /^file:/i.test(url) || !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

/**
 * @param {string} url
 * @param {string} [cwd]
 */
export function pgliteDirectory(url, cwd = process.cwd()) {
  if (/^file:\/\//i.test(url)) return fileURLToPath(url);
  return path.resolve(cwd, url.replace(/^file:/i, ''));
}

/**
 * @param {string | undefined} dataDir undefined for an in-memory database
 * @returns {Promise<PGlite>}
 */
export async function openPglite(dataDir) {
  const exitCode = process.exitCode;
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const db = new PGlite(dataDir);
  await db.waitReady;
  // PGlite's emscripten runtime sets process.exitCode as a side effect.
  process.exitCode = exitCode;
  return db;
}

/**
 * @param {PGlite} db
 * @param {() => Promise<void>} [onDispose]
 * @returns {Promise<SqlDriverAdapter>}
 */
async function adapterOn(db, onDispose) {
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  const adapter = await new PrismaPGlite(db).connect();
  const errors = /** @type {{ onError(error: unknown): never }} */ (
    /** @type {unknown} */ (adapter)
  );
  adapter.executeScript = async (script) => {
    try {
      await db.exec(script);
    } catch (error) {
      errors.onError(error);
    }
  };
  adapter.dispose = async () => {
    await onDispose?.();
  };
  return adapter;
}

/**
 * @param {string | undefined} dataDir undefined for a throw-away in-memory database
 * @returns {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory & { cleanup(): Promise<void> }}
 */
export function createPgliteFactory(dataDir) {
  /** @type {Promise<PGlite> | undefined} */
  let main;
  /** @type {Set<PGlite>} */
  const open = new Set();

  const close = async (/** @type {PGlite} */ db) => {
    open.delete(db);
    const exitCode = process.exitCode;
    if (!db.closed) await db.close();
    process.exitCode = exitCode;
  };

  return {
    provider: 'postgres',
    adapterName: 'pglite-prisma-adapter',
    async connect() {
      main ??= openPglite(dataDir).then((db) => (open.add(db), db));
      return adapterOn(await main);
    },
    async connectToShadowDb() {
      const shadow = await openPglite(undefined);
      open.add(shadow);
      return adapterOn(shadow, () => close(shadow));
    },
    async cleanup() {
      await Promise.allSettled([...open].map(close));
    },
  };
}
