// The bus logs through the smallest slice of pino's API, so a service passes
// its pino logger (or a child of it) and tests pass nothing.
export interface BusLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = () => undefined;

export const silentLogger: BusLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** A plain message for logs and `last_error` columns, whatever was thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
