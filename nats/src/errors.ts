// One small error class per failure the bus can report. Each sets `name` so
// logs and `instanceof`-free checks (err.name === '…') both work, and each
// carries the underlying `cause` when there is one.

interface ErrorOptions {
  cause?: unknown;
}

/** Data for an event or a query did not match its contract's schema. */
export class ContractValidationError extends Error {
  override readonly name = 'ContractValidationError';
  readonly subject: string;
  readonly issues: string;
  constructor(subject: string, what: string, issues: string, options?: ErrorOptions) {
    super(`invalid ${what} for ${subject}: ${issues}`, options);
    this.subject = subject;
    this.issues = issues;
  }
}

/** nats-server refused the user name or password. */
export class BusAuthError extends Error {
  override readonly name = 'BusAuthError';
  readonly user: string | undefined;
  constructor(user: string | undefined, servers: string, options?: ErrorOptions) {
    super(
      user
        ? `NATS at ${servers} refused the credentials of user "${user}" (check the password variable)`
        : `NATS at ${servers} requires credentials and none were given`,
      options,
    );
    this.user = user;
  }
}

/** The first connection to nats-server failed for a reason other than credentials. */
export class BusConnectError extends Error {
  override readonly name = 'BusConnectError';
  constructor(servers: string, options?: ErrorOptions) {
    super(`could not connect to NATS at ${servers}`, options);
  }
}

/** Creating or updating a JetStream stream or consumer failed. */
export class StreamSetupError extends Error {
  override readonly name = 'StreamSetupError';
  readonly stream: string;
  constructor(stream: string, detail: string, options?: ErrorOptions) {
    super(`could not set up ${stream}: ${detail}`, options);
    this.stream = stream;
  }
}

/** Nobody answers the query subject (the owning service is down). */
export class NoRespondersError extends Error {
  override readonly name = 'NoRespondersError';
  readonly subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    super(`no service answers ${subject}`, options);
    this.subject = subject;
  }
}

/** A responder exists but did not answer in time. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly subject: string;
  readonly timeoutMs: number;
  constructor(subject: string, timeoutMs: number, options?: ErrorOptions) {
    super(`no answer on ${subject} within ${timeoutMs} ms`, options);
    this.subject = subject;
    this.timeoutMs = timeoutMs;
  }
}

/** nats-server does not let this user send requests to the subject. */
export class RequestDeniedError extends Error {
  override readonly name = 'RequestDeniedError';
  readonly subject: string;
  constructor(subject: string, options?: ErrorOptions) {
    super(`this NATS user may not send requests to ${subject}`, options);
    this.subject = subject;
  }
}

/** The service answered with a typed error reply (code + message). */
export class QueryErrorReply extends Error {
  override readonly name = 'QueryErrorReply';
  readonly subject: string;
  readonly code: number;
  constructor(subject: string, code: number, message: string, options?: ErrorOptions) {
    super(`${subject} answered ${code}: ${message}`, options);
    this.subject = subject;
    this.code = code;
  }
}

/** The service answered, but the reply is not JSON or breaks the response schema. */
export class InvalidReplyError extends Error {
  override readonly name = 'InvalidReplyError';
  readonly subject: string;
  constructor(subject: string, reason: string, options?: ErrorOptions) {
    super(`invalid reply from ${subject}: ${reason}`, options);
    this.subject = subject;
  }
}

/**
 * Thrown by a query handler to answer with a typed error instead of data,
 * e.g. `throw new QueryError(404, 'no such guild')`.
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly code: number;
  constructor(code: number, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
