// JSON-RPC 2.0 over stdin/stdout, one object per line, the way the CLI talks
// to its schema engine. Requests are served strictly one at a time (the
// engine is not re-entrant). The engine may also ask the CLI something: the
// native `diff` prints through a `print` request, so outgoing requests and
// their responses are supported too.
import readline from 'node:readline';

/**
 * @typedef {object} RpcContext
 * @property {(method: string, params: unknown) => Promise<unknown>} request sends a request to the CLI
 */

/**
 * @typedef {object} RpcHandlers
 * @property {(method: string, params: unknown, ctx: RpcContext) => Promise<unknown>} handle
 * @property {(error: unknown) => object} toError
 */

/** @param {object} message */
function send(message) {
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n');
}

/**
 * Serves until stdin closes and the last request is answered.
 * @param {RpcHandlers} handlers
 * @returns {{ done: Promise<void>, inFlight: () => (string | number | null) }}
 */
export function serveJsonRpc(handlers) {
  /** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: unknown) => void }>} */
  const waiting = new Map();
  let nextOutgoingId = 1;
  /** @type {string | number | null} */
  let current = null;
  let queue = Promise.resolve();

  /** @type {RpcContext} */
  const ctx = {
    request(method, params) {
      const id = nextOutgoingId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        send({ id, method, params });
      });
    },
  };

  /** @param {{ id?: string | number, method: string, params?: unknown }} message */
  const serve = async (message) => {
    current = message.id ?? null;
    try {
      const result = await handlers.handle(message.method, message.params, ctx);
      if (message.id !== undefined) send({ id: message.id, result: result ?? {} });
    } catch (error) {
      if (message.id !== undefined) send({ id: message.id, error: handlers.toError(error) });
    } finally {
      current = null;
    }
  };

  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ id: null, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    if (typeof message.method === 'string') {
      queue = queue.then(() => serve(message));
      return;
    }
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(message.error.message ?? 'request failed'));
    else pending.resolve(message.result);
  });

  const done = new Promise((resolve) => lines.once('close', resolve)).then(() => queue);
  return { done, inFlight: () => current };
}

/**
 * Answers the request in flight with an error; used when the engine dies
 * outside of any promise chain (a panic inside a wasm callback).
 * @param {string | number | null} id
 * @param {object} error
 */
export function failRequest(id, error) {
  if (id !== null) send({ id, error });
}
