// dashboard's own part of the HTTP shell: unknown API routes get its JSON 404,
// even with the web UI (tested in @homelab/nats/runtime) mounted beside them.
import { webUi } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { notFound } from './errors.ts';

it('answers an unknown API route with a JSON 404 rather than the web UI', async () => {
  const app = new Hono().get('*', webUi('/no-such-web-dist', 'dashboard')).notFound(notFound);
  const api = await app.request('/api/nothing');
  expect(api.status).toBe(404);
  expect(await api.json()).toEqual({
    error: { code: 'not_found', message: 'no route for GET /api/nothing' },
  });
  expect(await (await app.request('/')).text()).toContain(
    'npm run build:web -w @homelab/dashboard',
  );
});
