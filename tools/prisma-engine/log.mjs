// The native schema engine logs one JSON object per line on stderr; the CLI
// reads `level`, `fields.message` and `target` from them (an ERROR line is
// what it shows when the engine exits badly), so the shim speaks the same way.

export const ENGINE_TARGET = 'schema_engine::logger';

/**
 * @param {'INFO' | 'WARN' | 'ERROR' | 'DEBUG'} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
export function logLine(level, message, fields = {}) {
  const line = {
    timestamp: new Date().toISOString(),
    level,
    fields: { message, ...fields },
    target: ENGINE_TARGET,
  };
  process.stderr.write(JSON.stringify(line) + '\n');
}

/**
 * Forwards a log line produced inside the wasm engine (already JSON).
 * @param {unknown} line
 */
export function forwardEngineLog(line) {
  const text = typeof line === 'string' ? line.trim() : JSON.stringify(line);
  if (text) process.stderr.write(text + '\n');
}
