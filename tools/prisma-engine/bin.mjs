#!/usr/bin/env node
// A stand-in for Prisma's native `schema-engine` binary, set through
// PRISMA_SCHEMA_ENGINE_BINARY. It runs the WebAssembly build of the same
// engine over a driver adapter, so the unmodified `prisma` CLI can migrate,
// diff and introspect without downloading anything. See README.md.
import { readFile } from 'node:fs/promises';
import { createAdapterFactory } from './adapters.mjs';
import { parseArgs } from './args.mjs';
import { runCliMode } from './cli-mode.mjs';
import { isPanic, toRpcError } from './errors.mjs';
import { forwardEngineLog, logLine } from './log.mjs';
import { createMethodTable } from './methods.mjs';
import { failRequest, serveJsonRpc } from './rpc-server.mjs';
import { createEngine, engineVersion, panicRegistry } from './wasm-engine.mjs';

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${await engineVersion()}\n`);
    return 0;
  }
  if (args.cliCommand !== undefined) return runCliMode(args.cliCommand, args.datasource.url);

  const factory = createAdapterFactory(args.datasource);
  /** Set once the engine exists: maps its "External error id#N" back to the JS error. */
  /** @type {(error: unknown) => unknown} */
  let explain = (error) => error;
  /** @type {Promise<import('./wasm-engine.mjs').EngineHandle> | undefined} */
  let engine;
  const getEngine = () =>
    (engine ??= Promise.all(
      args.datamodels.map(
        async (file) => /** @type {[string, string]} */ ([file, await readFile(file, 'utf8')]),
      ),
    )
      .then((datamodels) =>
        createEngine({ datamodels, adapterFactory: factory, log: forwardEngineLog }),
      )
      .then((handle) => ((explain = handle.explain), handle)));

  let finishing = false;
  const finish = async (/** @type {number} */ code) => {
    if (finishing) return;
    finishing = true;
    await factory.cleanup().catch(() => undefined);
    // The engine leaves timers behind; it never exits on its own.
    process.exit(code);
  };

  const server = serveJsonRpc({
    handle: createMethodTable(getEngine, args.datasource.url),
    toError: (error) => {
      // A panicked wasm instance is unusable: answer, then exit like the
      // native engine does (the CLI reads exit code 101 as a crash).
      if (isPanic(error)) setImmediate(() => void finish(101));
      return toRpcError(explain(error), panicRegistry.get());
    },
  });
  // A panic inside a wasm callback escapes every promise chain.
  process.on('uncaughtException', (error) => {
    logLine('ERROR', panicRegistry.get() || String(error), { is_panic: isPanic(error) });
    failRequest(server.inFlight(), toRpcError(error, panicRegistry.get()));
    void finish(101);
  });
  process.on('SIGTERM', () => void finish(0));
  process.on('SIGINT', () => void finish(130));
  await server.done;
  await finish(0);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    logLine('ERROR', error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
