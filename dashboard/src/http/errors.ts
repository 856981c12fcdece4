// How the dashboard's own domain errors become HTTP answers: each stable code has
// its status here, in one place. Every other failure is answered the same way in
// every service (@homelab/nats/runtime); error bodies are { error: { code, message } }.
import { createErrorHandler, type Logger } from '@homelab/nats/runtime';
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
  unavailable: 503,
};

export function domainErrorHandler(logger: Logger) {
  return createErrorHandler(logger, (err) =>
    err instanceof DomainError
      ? { status: STATUS_OF[err.code], code: err.code, message: err.message }
      : undefined,
  );
}

/** Reads a JSON body (an empty one counts as {}) and checks it against schema. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const raw = await c.req.text();
  let value: unknown = {};
  if (raw.trim() !== '') {
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new DomainError('invalid_input', 'the request body is not valid JSON', { cause });
    }
  }
  return parseInput(schema, value);
}

/** Checks input against schema; a mismatch is a 400 naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'input'}: ${i.message}`)
      .join('; ');
    throw new DomainError('invalid_input', detail, { cause: parsed.error });
  }
  return parsed.data;
}
