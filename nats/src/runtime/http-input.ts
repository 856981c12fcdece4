// Reading a request's input against a zod schema, the same way in every
// service: an empty body counts as {}, a body that is not JSON and every field
// that does not fit are reported in one message, before anything is read or
// written. What a refusal is (its error class and code) stays the service's.
import type { Context } from 'hono';
import type { z } from 'zod';

/** Makes the service's own "invalid input" error (its HTTP layer answers it with a 400). */
export type InvalidInput = (message: string, cause: unknown) => Error;

/** Checks value against schema; a mismatch names each bad field (`label` for the whole value). */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  invalid: InvalidInput,
  label = 'input',
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || label}: ${i.message}`)
      .join('; ');
    throw invalid(detail, parsed.error);
  }
  return parsed.data;
}

/** Reads a JSON body (an empty one counts as {}) and checks it against schema. */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  invalid: InvalidInput,
): Promise<z.output<S>> {
  const raw = await c.req.text();
  let value: unknown = {};
  if (raw.trim() !== '') {
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw invalid('the request body is not valid JSON', cause);
    }
  }
  return parseWith(schema, value, invalid, 'body');
}
