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

  it('refuses text PostgreSQL cannot hold as sent: a NUL, an unpaired surrogate (by its path)', async () => {
    const message = async (body: string) =>
      ((await (await post(body)).json()) as { message: string }).message;
    expect(await message('{"name":"a\\u0000b"}')).toBe('name: contains a NUL character (\\u0000)');
    expect(await message('{"name":"x","tags":[{"t":"a\\udc00"}]}')).toMatch(
      /^tags\.0\.t: contains an unpaired surrogate/,
    );
    expect(await message('{"\\ud800":1,"name":"x"}')).toMatch(/the name contains an unpaired/);
    expect(await message('"\\u0000"')).toMatch(/^body: contains a NUL/);
    // A pair is one character (an emoji) and passes; so does a deeply nested body's walk.
    expect(await (await post('{"name":"\\ud83e\\udd93"}')).json()).toEqual({ name: '🦓' });
    const deep = `{"name":"x","d":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    expect((await post(deep)).status).toBe(200);
  });

  it('refuses such text in a query too (parseWith), before the schema', () => {
    const query = z.object({ target: z.string().max(128).optional() });
    expect(() => parseWith(query, { target: 'web\u0000' }, invalid, 'query')).toThrow(
      'target: contains a NUL character (\\u0000)',
    );
    expect(() => parseWith(query, 'x\ud800', invalid, 'query')).toThrow(/^query: contains an/);
  });

  it('names the whole value by its label when the value itself is wrong', () => {
    expect(() => parseWith(schema, 42, invalid, 'query')).toThrow(/^query: /);
  });
});
