import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notFound } from './errors.ts';
import { webUi } from './web-ui.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dashboard-web-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>dashboard</title>');
  await writeFile(path.join(root, 'assets', 'app.css'), 'body{}');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const appFor = (webRoot: string) =>
  new Hono().get('*', webUi(webRoot, 'dashboard')).notFound(notFound);

it('serves assets, falls back to index.html for app routes, and never answers /api/*', async () => {
  const app = appFor(root);
  expect((await app.request('/assets/app.css')).headers.get('content-type')).toMatch(/text\/css/);
  expect(await (await app.request('/some/view')).text()).toContain('<title>dashboard</title>');
  expect((await app.request('/assets/gone.js')).status).toBe(404);
  const api = await app.request('/api/nothing');
  expect(api.status).toBe(404);
  expect(await api.json()).toEqual({
    error: { code: 'not_found', message: 'no route for GET /api/nothing' },
  });
});

it('explains how to build the UI when web/dist is missing', async () => {
  const res = await appFor(path.join(root, 'missing')).request('/');
  expect(res.status).toBe(503);
  expect(await res.text()).toContain('npm run build:web -w @homelab/dashboard');
});
