// How failures travel back to the CLI. JSON-RPC errors carry the shape the
// native engine uses (code 4466 with a `data` object); the CLI turns
// `data.error_code` (P1001, P3009 …) into its own messages and `is_panic`
// into a crash report.

export const ENGINE_ERROR_CODE = 4466;

/**
 * @typedef {object} UserFacingError
 * @property {string} message
 * @property {string} [errorCode] a Prisma error code such as P1003
 */

/** @param {unknown} error */
export function isPanic(error) {
  // A Rust panic surfaces as the trap of a WebAssembly.RuntimeError.
  return error instanceof Error && error.name === 'RuntimeError';
}

/**
 * @param {unknown} error
 * @param {string} panicMessage what the engine registered before trapping
 */
export function toRpcError(error, panicMessage = '') {
  const err = error instanceof Error ? error : new Error(String(error));
  if (isPanic(err)) {
    const message = panicMessage || err.message;
    return {
      code: ENGINE_ERROR_CODE,
      message,
      data: { is_panic: true, message, backtrace: err.stack ?? null },
    };
  }
  const { code, meta } = /** @type {{ code?: unknown, meta?: unknown }} */ (err);
  return {
    code: ENGINE_ERROR_CODE,
    message: 'An error happened. Check the data field for details.',
    data: {
      is_panic: false,
      message: err.message,
      meta: meta ?? {},
      error_code: typeof code === 'string' && /^P\d{4}$/.test(code) ? code : null,
    },
  };
}

/**
 * Turns a connection failure from `pg` into the Prisma error the CLI expects
 * (it creates a missing database only when told P1003, for example).
 * @param {unknown} error
 * @param {{ database: string, location: string, user?: string }} target
 * @returns {UserFacingError}
 */
export function describeConnectionError(error, target) {
  const { code, message } = /** @type {{ code?: string, message?: string }} */ (error ?? {});
  switch (code) {
    case '3D000':
      return {
        errorCode: 'P1003',
        message: `Database \`${target.database}\` does not exist on the database server at \`${target.location}\`.`,
      };
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return {
        errorCode: 'P1001',
        message: `Can't reach database server at \`${target.location}\`\n\nPlease make sure your database server is running at \`${target.location}\`.`,
      };
    case '28P01':
      return {
        errorCode: 'P1000',
        message: `Authentication failed against database server, the provided database credentials for \`${target.user ?? ''}\` are not valid.`,
      };
    case '28000':
    case '42501':
      return {
        errorCode: 'P1010',
        message: `User \`${target.user ?? ''}\` was denied access on the database \`${target.database}\``,
      };
    case '42P04':
      return {
        errorCode: 'P1009',
        message: `Database \`${target.database}\` already exists on the database server at \`${target.location}\``,
      };
    default:
      return { message: message ?? String(error) };
  }
}
