// Failures the service's own logic reports. Each carries a stable code that
// only the HTTP layer (http/errors.ts) turns into a status, and the cause.
export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'not_found'
  | 'conflict'
  | 'confirmation_required'
  | 'too_large'
  | 'unsupported_type'
  | 'not_permitted'
  | 'not_configured'
  | 'unavailable';

export class DomainError extends Error {
  override name = 'DomainError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
