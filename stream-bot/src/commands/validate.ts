// Checks input against a schema in the domain's terms: a DomainError
// ('invalid_input') naming every problem, each with the field it concerns.
import type { z } from 'zod';
import { DomainError } from '../domain/errors.ts';

export function checkInput<S extends z.ZodType>(schema: S, value: unknown, at = ''): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((i) => {
      const path = [at, ...i.path.map(String)].filter((p) => p !== '').join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
  throw new DomainError('invalid_input', detail, { cause: parsed.error });
}
