// Failures the service's own logic reports. Each carries a stable code that
// only the HTTP layer (http/errors.ts) turns into a status, and the cause.
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  /** No session, or it ended: log in first. */
  | 'unauthenticated'
  /** Signed in or not, this request is refused (e.g. from a foreign origin). */
  | 'forbidden'
  /** Too many attempts; the answer says when to retry. */
  | 'too_many_requests'
  /** The language model gave no usable fact within the allowed attempts. */
  | 'fact_generation_failed';

export class DomainError extends Error {
  override name = 'DomainError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
