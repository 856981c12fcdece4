// Reads a JSON request body and checks it against a zod schema (the shared
// reader of @homelab/nats/runtime); a bad body is a 400 naming every wrong
// field, before anything is read or written.
import { readJsonBody as readWith } from '@homelab/nats/runtime';
import type { Context } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../domain/errors.ts';

const invalid = (message: string, cause: unknown) =>
  new DomainError('invalid_input', message, { cause });

/** Reads a JSON body (an empty one counts as {}) and checks it against schema. */
export function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return readWith(c, schema, invalid);
}
