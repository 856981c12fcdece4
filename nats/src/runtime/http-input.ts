// Reading a request's input against a zod schema, the same way in every
// service: an empty body counts as {}, a body that is not JSON and every field
// that does not fit are reported in one message, before anything is read or
// written. What a refusal is (its error class and code) stays the service's.
import type { Context } from 'hono';
import type { z } from 'zod';

/** Makes the service's own "invalid input" error (its HTTP layer answers it with a 400). */
export type InvalidInput = (message: string, cause: unknown) => Error;

/**
 * Checks value against schema; a mismatch names each bad field (`label` for the whole value).
 * Text PostgreSQL cannot hold as sent (unstorableText) is refused first, in a body or a query.
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  invalid: InvalidInput,
  label = 'input',
): z.output<S> {
  const unstorable = unstorableText(value, label);
  if (unstorable) throw invalid(unstorable, undefined);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((i) => `${i.path.join('.') || label}: ${i.message}`)
      .join('; ');
    throw invalid(detail, parsed.error);
  }
  return parsed.data;
}

/** With the u flag a surrogate pair is one code point: this matches unpaired halves only. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The first string (value or key) in a parsed JSON value that text in PostgreSQL cannot hold as
 * sent, said as "<path>: <why>": a NUL (refused by the database) or an unpaired surrogate (an
 * escape such as \ud800 alone, which UTF-8 would store as U+FFFD). Walks without recursion, so a
 * deeply nested body cannot overflow the stack.
 */
export function unstorableText(value: unknown, label = 'body'): string | undefined {
  const stack: { v: unknown; path: string }[] = [{ v: value, path: '' }];
  const why = (s: string) =>
    s.includes('\u0000')
      ? 'contains a NUL character (\\u0000)'
      : LONE_SURROGATE.test(s)
        ? 'contains an unpaired surrogate (a lone \\ud800-\\udfff escape), which is not text'
        : undefined;
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = why(v);
      if (problem) return `${path || label}: ${problem}`;
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        const problem = why(k);
        if (problem) return `${at}: the name ${problem}`;
        stack.push({ v: item, path: at });
      }
    }
  }
  return undefined;
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
