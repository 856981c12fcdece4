// Failures the service's own logic reports. Each carries a stable code that
// only the HTTP layer (http/errors.ts) turns into a status, and the cause.
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  /** No session, or it ended: log in first. */
  | 'unauthenticated'
  /** Signed in, but not allowed (e.g. a guild the user does not manage). */
  | 'forbidden'
  /** Too many attempts; the answer says when to retry. */
  | 'too_many_requests'
  /** Discord answered wrongly or not at all. */
  | 'bad_gateway';

export class DomainError extends Error {
  override name = 'DomainError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
