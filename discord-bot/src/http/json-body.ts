// Reads a JSON request body and checks it against a zod schema; a bad body is a
// 400 naming every wrong field, before anything is read or written.
import type { Context } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../domain/errors.ts';

/** Reads a JSON body (an empty one counts as {}) and checks it against schema. */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<z.output<S>> {
  const raw = await c.req.text();
  let value: unknown = {};
  if (raw.trim() !== '') {
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new DomainError('invalid_input', 'the request body is not valid JSON', { cause });
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
      .join('; ');
    throw new DomainError('invalid_input', detail, { cause: parsed.error });
  }
  return parsed.data;
}
