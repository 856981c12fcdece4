import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { expect, it } from 'vitest';
import { createErrorHandler, notFound } from './http-errors.ts';
import { createLogger } from './logger.ts';

class Refused extends Error {}

function appThrowing(err: Error) {
  const logged: string[] = [];
  const logger = createLogger(
    { level: 'error', service: 'example', version: '1' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logged.push(chunk.toString());
        done();
      },
    }),
  );
  const app = new Hono()
    .get('/boom', () => {
      throw err;
    })
    .notFound(notFound)
    .onError(
      createErrorHandler(logger, (e) =>
        e instanceof Refused ? { status: 409, code: 'conflict', message: e.message } : undefined,
      ),
    );
  return { app, logged };
}

it("answers an error the service knows with the service's own status and code", async () => {
  const { app, logged } = appThrowing(new Refused('already taken'));
  const res = await app.request('/boom');
  expect(res.status).toBe(409);
  expect(await res.json()).toEqual({ error: { code: 'conflict', message: 'already taken' } });
  expect(logged).toEqual([]);
});

it("keeps a Hono HTTPException's status", async () => {
  const { app } = appThrowing(new HTTPException(413, { message: 'too large' }));
  const res = await app.request('/boom');
  expect(res.status).toBe(413);
  expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'too large' } });
});

it('hides an unexpected failure behind a logged 500', async () => {
  const { app, logged } = appThrowing(new Error('pool exhausted at 10.0.0.5'));
  const res = await app.request('/boom');
  expect(res.status).toBe(500);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('internal');
  expect(body.error.message).not.toContain('10.0.0.5');
  expect(logged.join('')).toContain('pool exhausted at 10.0.0.5');
});

it('answers a database that cannot be reached with a 503 saying so, to be retried', async () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
    code: 'ECONNREFUSED',
  });
  const { app, logged } = appThrowing(new Error('query failed', { cause: refused }));
  const res = await app.request('/boom');
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('database_unavailable');
  expect(body.error.message).toMatch(/database is unavailable/);
  expect(logged).toEqual([]);
});

it('answers an unknown route with a JSON 404 naming it', async () => {
  const { app } = appThrowing(new Error('unused'));
  const res = await app.request('/nothing', { method: 'DELETE' });
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({
    error: { code: 'not_found', message: 'no route for DELETE /nothing' },
  });
});
