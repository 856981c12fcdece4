// Picks the driver adapter for the datasource the CLI passed. Without a URL
// (e.g. `migrate diff --from-empty --to-schema …` on a machine with no
// database) the engine still needs a PostgreSQL to talk to: a throw-away
// in-memory PGlite serves. The CLI itself refuses commands that need a real
// database when no URL is configured.
import { createPgliteFactory, isPgliteUrl, pgliteDirectory } from './pglite-adapter.mjs';
import { createPostgresFactory } from './postgres-adapter.mjs';
import { isPostgresUrl } from './postgres-url.mjs';

/**
 * @typedef {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory & { cleanup(): Promise<void> }} ShimAdapterFactory
 */

/**
 * @param {{ url?: string, shadowDatabaseUrl?: string }} datasource
 * @returns {ShimAdapterFactory}
 */
export function createAdapterFactory(datasource) {
  const { url, shadowDatabaseUrl } = datasource;
  if (!url) return createPgliteFactory(undefined);
  if (isPostgresUrl(url)) return createPostgresFactory({ url, shadowDatabaseUrl });
  if (isPgliteUrl(url)) return createPgliteFactory(pgliteDirectory(url));
  const refuse = async () => {
    throw new Error(
      'The schema engine shim supports postgres:// URLs and PGlite data directories (file:<dir>) only.',
    );
  };
  return {
    provider: 'postgres',
    adapterName: 'none',
    connect: refuse,
    connectToShadowDb: refuse,
    cleanup: async () => undefined,
  };
}
