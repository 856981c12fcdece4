import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseWith, readJsonBody } from './http-input.ts';

class Refused extends Error {
  override name = 'Refused';
}
const invalid = (message: string, cause: unknown) => new Refused(message, { cause });
const schema = z.object({ name: z.string().min(1), count: z.int().min(0).optional() });

function app() {
  return new Hono()
    .post('/', async (c) => c.json(await readJsonBody(c, schema, invalid)))
    .onError((err, c) => c.json({ name: err.name, message: err.message }, 400));
}
const post = (body: string) => app().request('/', { method: 'POST', body });

describe('reading input against a schema', () => {
  it('hands back the parsed body', async () => {
    const res = await post('{"name":"pete","count":2}');
    expect(await res.json()).toEqual({ name: 'pete', count: 2 });
  });

  it('takes an empty body as {} and names every bad field in one message', async () => {
    expect(await (await post('')).json()).toEqual({
      name: 'Refused',
      message: expect.stringMatching(/^name: /),
    });
    const res = await post('{"name":"","count":-1}');
    expect(((await res.json()) as { message: string }).message).toMatch(/name: .*; count: /);
  });

  it('refuses a body that is not JSON with the service’s own error', async () => {
    expect(await (await post('{nope')).json()).toEqual({
      name: 'Refused',
      message: 'the request body is not valid JSON',
    });
  });

  it('names the whole value by its label when the value itself is wrong', () => {
    expect(() => parseWith(schema, 42, invalid, 'query')).toThrow(/^query: /);
  });
});
