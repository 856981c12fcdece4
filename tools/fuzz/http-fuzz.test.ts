// The HTTP fuzzer must catch what it is there to catch: a small service of this
// test's own, on a database of its own, with one deliberate bug per route — a
// write before the check (a refused request that leaves a row, and one that
// leaves an outbox event), a NUL reaching Postgres (a 500), a string stored
// changed (a lone surrogate becomes U+FFFD in UTF-8), an error body without a
// code — and one correct route that must pass.
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../test-env/databases.ts';
import type { TestService } from '../test-env/service-harness.ts';
import { fuzzHttpRoutes, type HttpFuzzResult, type Route } from './http-fuzz.ts';

interface Fake {
  url: string;
  routes: Route[];
  stop(): Promise<void>;
}

let database: ServiceDatabase;
let pool: pg.Pool;
let server: ServerType;
let svc: TestService<Fake>;
let result: HttpFuzzResult;

const bad = (c: { json: (v: unknown, s: 400) => Response }, message: string) =>
  c.json({ error: { code: 'invalid_input', message } }, 400);

function app() {
  return (
    new Hono()
      .get('/healthz', (c) => c.json({ ok: true }))
      .get('/api/ok', (c) => c.json({ ok: true }))
      // Bug: the row is written before the body is checked.
      .post('/api/notes', async (c) => {
        await pool.query(`INSERT INTO notes (text) VALUES ('draft')`);
        const body = (await c.req.json().catch(() => null)) as { text?: unknown } | null;
        if (typeof body?.text !== 'string' || body.text.length > 20) return bad(c, 'text');
        return c.json({ ok: true }, 201);
      })
      // Bug: the event is queued before the check.
      .post('/api/events', async (c) => {
        await pool.query(`INSERT INTO outbox_events (subject) VALUES ('x')`);
        return bad(c, 'always refused');
      })
      // Bug: a NUL in the id reaches Postgres, which refuses it: a 500.
      .get('/api/notes/:name', async (c) => {
        try {
          const r = await pool.query('SELECT text FROM notes WHERE text = $1', [
            c.req.param('name'),
          ]);
          return c.json({ found: r.rowCount });
        } catch {
          return c.json({ error: { code: 'internal', message: 'database error' } }, 500);
        }
      })
      // Bug: stores any string; a lone surrogate comes back as U+FFFD.
      .post('/api/titles', async (c) => {
        const body = (await c.req.json().catch(() => null)) as { title?: unknown } | null;
        if (
          typeof body?.title !== 'string' ||
          body.title.length > 200 ||
          body.title.includes('\0')
        ) {
          return bad(c, 'title');
        }
        const r = await pool.query<{ title: string }>(
          'INSERT INTO titles (title) VALUES ($1) RETURNING title',
          [body.title],
        );
        return c.json({ title: r.rows[0]!.title }, 201);
      })
      // Bug: a refusal without { error: { code, message } }.
      .get('/api/plain', (c) => (c.req.query('x') !== undefined ? c.text('no', 400) : c.json({})))
      .notFound((c) => c.json({ error: { code: 'not_found', message: 'no route' } }, 404))
  );
}

beforeAll(async () => {
  database = await createServiceDatabase(inject('pgAdminUrl'), 'fuzzself');
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  await pool.query(`CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL);
    CREATE TABLE titles (id serial PRIMARY KEY, title text NOT NULL);
    CREATE TABLE outbox_events (seq bigserial PRIMARY KEY, subject text, published_at timestamptz)`);
  const a = app();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: a.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const service: Fake = {
    url,
    routes: a.routes.map(({ method, path }) => ({ method, path })),
    stop: async () => undefined,
  };
  svc = {
    service,
    database,
    cookies: new Map(),
    get: (path) => fetch(url + path),
    post: () => Promise.reject(new Error('unused')),
    put: () => Promise.reject(new Error('unused')),
    patch: () => Promise.reject(new Error('unused')),
    del: () => Promise.reject(new Error('unused')),
    request: (path, init) => fetch(url + path, init),
    anonymous: (path, init) => fetch(url + path, init),
    stop: async () => undefined,
  };
  result = await fuzzHttpRoutes({
    svc: () => svc,
    runs: 1_400,
    ids: (param) => (param === 'name' ? ['draft'] : []),
    readPath: '/api/ok',
    samples: {
      'POST /api/notes': { body: { text: 'hello' } },
      'POST /api/titles': { body: { title: 'A title' } },
      'GET /api/plain': { query: ['x'] },
    },
    vocabulary: ['text', 'title'],
    fingerprint: { countOnly: { outbox_events: 'seq' } },
  });
  // Printed, to tell a missed bug from one caught with another message.
  console.log(result.failures.join('\n'));
}, 300_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await pool?.end();
  await database?.drop();
});

const failureOf = (route: string) => result.failures.find((f) => f.startsWith(`${route}: `));

it('catches a refused request that wrote a row', () => {
  expect(failureOf('POST /api/notes')).toMatch(/refused, but changed notes/);
});

it('catches a refused request that queued an outbox event (count-only table)', () => {
  expect(failureOf('POST /api/events')).toMatch(/refused, but changed outbox_events/);
});

it('catches a 500 and prints the seed to replay it', () => {
  expect(failureOf('GET /api/notes/:name')).toMatch(/→ 500[\s\S]*\(seed -?\d+, path "[\d:]+"/);
});

it('catches a stored string that differs from the one sent', () => {
  expect(failureOf('POST /api/titles')).toMatch(/field title was sent as .* but stored as/);
});

it('catches a refusal without a code and a message', () => {
  expect(failureOf('GET /api/plain')).toMatch(/a 400 that is not JSON/);
});

it('passes a route that does it right, after sending it many requests', () => {
  expect(failureOf('GET /api/ok')).toBeUndefined();
  const ok = result.routes.find((r) => r.route === 'GET /api/ok');
  expect(ok?.requests).toBeGreaterThanOrEqual(100);
  expect(result.failures).toHaveLength(5);
});
