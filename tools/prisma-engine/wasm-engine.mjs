// Loads @prisma/schema-engine-wasm by hand. The package's main entry imports
// the .wasm file as an ES module, which Node 20 cannot do, so the shim
// compiles the bytes itself and hands the instance to the package's JS glue.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);

/**
 * The slice of the WebAssembly API used here (@types/node 20 does not
 * declare the global namespace).
 * @type {{
 *   compile(bytes: Uint8Array): Promise<object>,
 *   Instance: new (module: object, imports: object) => { exports: object },
 * }}
 */
const Wasm = /** @type {any} */ (globalThis).WebAssembly;

/** Where the engine reports the message of a Rust panic before trapping. */
export class PanicRegistry {
  message = '';
  /** @param {string} message */
  set_message(message) {
    this.message = message;
  }
  get() {
    return this.message;
  }
}

export const panicRegistry = new PanicRegistry();

/** @typedef {import('@prisma/schema-engine-wasm').SchemaEngine} WasmSchemaEngine */

/** @type {Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> | undefined} */
let loading;

function load() {
  loading ??= (async () => {
    // The glue reads this global (by the name `global`) when the engine panics.
    Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: panicRegistry });
    const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const module = await Wasm.compile(bytes);
    const instance = new Wasm.Instance(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    /** @type {{ __wbindgen_start: () => void }} */ (
      /** @type {unknown} */ (instance.exports)
    ).__wbindgen_start();
    return glue;
  })();
  return loading;
}

/** @returns {Promise<string>} the engine's git hash */
export async function engineVersion() {
  return (await load()).version();
}

/**
 * @typedef {object} EngineHandle
 * @property {WasmSchemaEngine} engine
 * @property {(error: unknown) => unknown} explain replaces the engine's
 *   "External error id#N" (an error thrown by JS adapter code) with that error
 */

/**
 * @param {object} options
 * @param {[string, string][] | undefined} options.datamodels [path, content] pairs, or undefined (an empty list panics)
 * @param {import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory} options.adapterFactory
 * @param {(line: string) => void} options.log
 * @returns {Promise<EngineHandle>}
 */
export async function createEngine({ datamodels, adapterFactory, log }) {
  const glue = await load();
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory);
  const engine = await glue.SchemaEngine.new(
    { datamodels: datamodels && datamodels.length > 0 ? datamodels : undefined },
    log,
    bound,
  );
  const registry = /** @type {{ consumeError(id: number): { error: unknown } | undefined }} */ (
    bound.errorRegistry
  );
  return {
    engine,
    explain(error) {
      const id = /External error id#(\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
      const original = id === undefined ? undefined : registry.consumeError(Number(id))?.error;
      return original ?? error;
    },
  };
}
