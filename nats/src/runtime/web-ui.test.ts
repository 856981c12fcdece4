import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { webUi } from './web-ui.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'runtime-web-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(
    path.join(root, 'index.html'),
    '<!doctype html><title>example</title><div id="root"></div>',
  );
  await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log("hi")');
  await writeFile(path.join(root, 'assets', 'app.css'), 'body{}');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const appFor = (webRoot: string) =>
  new Hono().get('*', webUi(webRoot, 'example')).notFound((c) => c.text('nothing here', 404));

it('serves the built index and its assets with their types', async () => {
  const app = appFor(root);
  const index = await app.request('/');
  expect(index.status).toBe(200);
  expect(await index.text()).toContain('<div id="root">');
  const script = await app.request('/assets/index-abc.js');
  expect(script.headers.get('content-type')).toMatch(/javascript/);
  expect((await app.request('/assets/app.css')).headers.get('content-type')).toMatch(/text\/css/);
});

it('falls back to index.html for client-side routes but not for missing files', async () => {
  const app = appFor(root);
  const route = await app.request('/facts/history');
  expect(route.status).toBe(200);
  expect(route.headers.get('cache-control')).toBe('no-cache');
  expect(await route.text()).toContain('<title>example</title>');
  expect((await app.request('/assets/missing.js')).status).toBe(404);
});

it('never answers /api or /api/*, leaving them to the API', async () => {
  const app = appFor(root);
  for (const p of ['/api', '/api/nothing']) {
    const res = await app.request(p);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('nothing here');
  }
});

it('explains how to build the UI when web/dist is missing', async () => {
  const res = await appFor(path.join(root, 'missing')).request('/');
  expect(res.status).toBe(503);
  expect(await res.text()).toContain('npm run build:web -w @homelab/example');
});
