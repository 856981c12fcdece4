// How the dashboard's own domain errors become HTTP answers: each stable code has
// its status here, in one place. Every other failure is answered the same way in
// every service (@homelab/nats/runtime); error bodies are { error: { code, message } }.
import { createErrorHandler, parseWith, readJsonBody, type Logger } from '@homelab/nats/runtime';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { DomainError, type ErrorCode } from '../domain/errors.ts';

export { notFound } from '@homelab/nats/runtime';

const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  unauthenticated: 401,
  not_found: 404,
  conflict: 409,
  confirmation_required: 409,
  too_large: 413,
  unsupported_type: 415,
  not_permitted: 403,
  not_configured: 503,
  unavailable: 503,
};

export function domainErrorHandler(logger: Logger) {
  return createErrorHandler(logger, (err) =>
    err instanceof DomainError
      ? { status: STATUS_OF[err.code], code: err.code, message: err.message }
      : undefined,
  );
}

const invalid = (message: string, cause: unknown) =>
  new DomainError('invalid_input', message, { cause });

/** Reads a JSON body (an empty one counts as {}) and checks it against schema; a 400 if not. */
export function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return readJsonBody(c, schema, invalid);
}

/** Checks input against schema; a mismatch is a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return parseWith(schema, value, invalid);
}
