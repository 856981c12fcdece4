// The CLI's method names mapped onto the wasm engine. Most pass straight
// through; a few differ from the native engine and are bridged here.
import { runDatabaseCommand } from './cli-mode.mjs';
import { isPostgresUrl, parsePostgresUrl } from './postgres-url.mjs';

/** @typedef {import('./wasm-engine.mjs').EngineHandle} EngineHandle */
/** @typedef {import('./rpc-server.mjs').RpcContext} RpcContext */

const BRIDGED = new Set([
  'createDatabase',
  'diff',
  'evaluateDataLoss',
  'createMigration',
  'getDatabaseVersion',
]);

const PASS_THROUGH = new Set([
  'applyMigrations',
  'dbExecute',
  'debugPanic',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'ensureConnectionValidity',
  'introspect',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'reset',
  'schemaPush',
]);

export class MethodNotFoundError extends Error {
  /** @param {string} method */
  constructor(method) {
    super(`The schema engine shim does not implement \`${method}\`.`);
    this.name = 'MethodNotFoundError';
  }
}

/**
 * @param {() => Promise<EngineHandle>} getEngine
 * @param {string | undefined} url the datasource URL, for createDatabase
 */
export function createMethodTable(getEngine, url) {
  /**
   * @param {string} method
   * @param {any} params
   * @param {RpcContext} ctx
   */
  return async function handle(method, params, ctx) {
    if (!BRIDGED.has(method) && !PASS_THROUGH.has(method)) throw new MethodNotFoundError(method);
    if (method === 'createDatabase') {
      if (!url) throw new Error('No datasource URL was given (--datasource).');
      await runDatabaseCommand('create-database', url);
      return { databaseName: isPostgresUrl(url) ? parsePostgresUrl(url).database : url };
    }
    const { engine } = await getEngine();
    switch (method) {
      case 'diff': {
        // The native engine prints the diff itself (through the CLI); the
        // wasm one returns it, so the shim prints on its behalf.
        const { exitCode, stdout } = await engine.diff(params);
        if (stdout) await ctx.request('print', { content: stdout.replace(/\n$/, '') });
        return { exitCode };
      }
      case 'evaluateDataLoss':
      case 'createMigration':
        // The wasm engine plans the next migration from a cached "schema of
        // the migrations so far", which only a history diagnosis (replaying
        // them on a shadow database) fills.
        await engine.diagnoseMigrationHistory({
          migrationsList: params.migrationsList,
          optInToShadowDatabase: true,
          filters: params.filters,
        });
        return method === 'createMigration'
          ? engine.createMigration(params)
          : engine.evaluateDataLoss(params);
      case 'getDatabaseVersion':
        return engine.version(params ?? undefined);
      default: {
        const fn = /** @type {Record<string, (p: unknown) => Promise<unknown>>} */ (
          /** @type {unknown} */ (engine)
        )[method];
        return fn?.call(engine, params);
      }
    }
  };
}
