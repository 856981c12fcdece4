import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFactService, type FactStore } from '../domain/facts.ts';
import { createLogger } from '@homelab/nats/runtime';
import { createApp } from './app.ts';
import type { ReadinessCheck } from './health.routes.ts';

// These tests cover the HTTP shell; facts are exercised against a real
// database in test/. A store that refuses makes any accidental use visible.
const noStore: FactStore = {
  add: () => Promise.reject(new Error('the fact store is not part of this test')),
  recent: () => Promise.reject(new Error('the fact store is not part of this test')),
  countSince: () => Promise.reject(new Error('the fact store is not part of this test')),
};

const silent = createLogger(
  { level: 'silent', service: 'stream-bot', version: 't' },
  new Writable({ write: (_c, _e, d) => d() }),
);

function appWith(opts: { checks?: ReadinessCheck[]; webRoot?: string; nats?: string } = {}) {
  return createApp({
    logger: silent,
    facts: createFactService(noStore),
    webRoot: opts.webRoot ?? path.join(os.tmpdir(), 'no-such-web-dist'),
    status: {
      service: 'stream-bot',
      version: '1.2.3',
      startedAt: new Date(Date.now() - 5_000),
      databaseKind: 'postgres',
      natsStatus: () => opts.nats ?? 'connected',
      checks: opts.checks ?? [],
    },
  });
}

const up = (name: string): ReadinessCheck => ({ name, check: async () => undefined });
const down = (name: string, why: string): ReadinessCheck => ({
  name,
  check: async () => {
    throw new Error(why);
  },
});

describe('health and info', () => {
  it('answers /healthz with 200 even when every dependency is down', async () => {
    const res = await appWith({ checks: [down('database', 'refused')] }).request('/healthz');
    expect(res.status).toBe(200);
  });

  it('is ready only when every check passes', async () => {
    const res = await appWith({ checks: [up('database'), up('nats')] }).request('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'up', nats: 'up' } });
  });

  it('names what is down in a 503 from /readyz', async () => {
    const res = await appWith({
      checks: [down('database', 'connection refused'), up('nats')],
    }).request('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'not ready',
      down: ['database'],
      checks: { database: 'down: connection refused', nats: 'up' },
    });
  });

  it('counts a check that hangs as down', async () => {
    const hang: ReadinessCheck = { name: 'database', check: () => new Promise(() => undefined) };
    const res = await appWith({ checks: [hang] }).request('/readyz');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { checks: Record<string, string> }).checks.database).toMatch(
      /no answer/,
    );
  });

  it('describes the service at /api/info', async () => {
    const res = await appWith({ nats: 'reconnecting' }).request('/api/info');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      service: 'stream-bot',
      version: '1.2.3',
      database: { kind: 'postgres' },
      nats: { status: 'reconnecting' },
    });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(5);
  });
});

describe('errors', () => {
  it('answers an unknown API route with a JSON 404', async () => {
    const res = await appWith().request('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'no route for GET /api/nothing-here' },
    });
  });

  it('rejects a hello body that is not JSON with a 400', async () => {
    const res = await appWith().request('/api/facts/hello', { method: 'POST', body: '{oops' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_input', message: 'the request body is not valid JSON' },
    });
  });

  it('rejects a blank hello text before touching the store', async () => {
    const res = await appWith().request('/api/facts/hello', {
      method: 'POST',
      body: JSON.stringify({ text: '   ' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/blank/);
  });

  it('hides the details of an unexpected failure behind a 500', async () => {
    const res = await appWith().request('/api/facts/latest');
    expect(res.status).toBe(500);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.message).not.toContain('fact store');
  });
});

describe('web UI', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stream-bot-web-'));
    await mkdir(path.join(root, 'assets'));
    await writeFile(
      path.join(root, 'index.html'),
      '<!doctype html><title>stream-bot</title><div id="root"></div>',
    );
    await writeFile(path.join(root, 'assets', 'index-abc.js'), 'console.log("hi")');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves the built index and its assets', async () => {
    const app = appWith({ webRoot: root });
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root">');
    const asset = await app.request('/assets/index-abc.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('falls back to index.html for client-side routes but not for missing files', async () => {
    const app = appWith({ webRoot: root });
    const route = await app.request('/facts/history');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>stream-bot</title>');
    expect((await app.request('/assets/missing.js')).status).toBe(404);
  });

  it('explains how to build the UI when web/dist is missing', async () => {
    const res = await appWith().request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web -w @homelab/stream-bot');
  });
});
