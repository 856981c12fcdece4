import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type ReadinessCheck } from '@homelab/nats/runtime';
import { describe, expect, it } from 'vitest';
import { createFactService, type FactStore } from '../domain/facts.ts';
import { createLoginThrottle } from '@homelab/nats/web';
import type { SessionStore } from '../db/session-store.ts';
import type { UserStore } from '../db/user-store.ts';
import { createApp } from './app.ts';

// These tests cover how stream-bot's HTTP shell is put together; the health
// routes and the UI serving themselves are tested in @homelab/nats/runtime,
// facts against a real database in test/. A store that refuses makes any
// accidental use visible.
const noStore: FactStore = {
  add: () => Promise.reject(new Error('the fact store is not part of this test')),
  recent: () => Promise.reject(new Error('the fact store is not part of this test')),
  countSince: () => Promise.reject(new Error('the fact store is not part of this test')),
  random: () => Promise.reject(new Error('the fact store is not part of this test')),
  page: () => Promise.reject(new Error('the fact store is not part of this test')),
  addIfNew: () => Promise.reject(new Error('the fact store is not part of this test')),
  hasNormalized: () => Promise.reject(new Error('the fact store is not part of this test')),
};

// One session, held by the cookie every request below carries.
const TOKEN = 's'.repeat(43);
const user = {
  id: '00000000-0000-4000-8000-000000000001',
  login: 'admin',
  displayName: 'admin',
  twitchId: null,
};
const oneSession: SessionStore = {
  create: () => Promise.reject(new Error('not part of this test')),
  lookup: async (token) =>
    token === TOKEN ? { id: 'h', user, expiresAt: new Date(Date.now() + 60_000) } : null,
  delete: async () => undefined,
  deleteForUser: async () => 0,
  prune: async () => 0,
};
const noUsers = new Proxy({} as UserStore, {
  get: () => () => Promise.reject(new Error('the user store is not part of this test')),
});

const silent = createLogger(
  { level: 'silent', service: 'stream-bot', version: 't' },
  new Writable({ write: (_c, _e, d) => d() }),
);

function appWith(opts: { checks?: ReadinessCheck[]; nats?: string } = {}) {
  const app = createApp({
    auth: {
      users: noUsers,
      sessions: oneSession,
      throttle: createLoginThrottle(),
      publicUrl: 'http://localhost:5000',
      local: { username: 'admin', password: undefined },
      twitchMissing: ['TWITCH_CLIENT_ID', 'TWITCH_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'],
      twitch: undefined,
    },
    logger: silent,
    facts: createFactService(noStore),
    webRoot: path.join(os.tmpdir(), 'no-such-web-dist'),
    status: {
      service: 'stream-bot',
      version: '1.2.3',
      startedAt: new Date(Date.now() - 5_000),
      databaseKind: 'postgres',
      natsStatus: () => opts.nats ?? 'connected',
      checks: opts.checks ?? [],
    },
  });
  return {
    request: (path: string, init: RequestInit = {}) =>
      app.request(path, {
        ...init,
        headers: { cookie: `sb_session=${TOKEN}`, origin: 'http://localhost', ...init.headers },
      }),
  };
}

const down = (name: string, why: string): ReadinessCheck => ({
  name,
  check: async () => {
    throw new Error(why);
  },
});

describe('health and info', () => {
  it('mounts /readyz with the checks it is given', async () => {
    const res = await appWith({ checks: [down('database', 'connection refused')] }).request(
      '/readyz',
    );
    expect(res.status).toBe(503);
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
  it('serves its own web UI, or explains how to build it when web/dist is missing', async () => {
    const res = await appWith().request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web -w @homelab/stream-bot');
  });
});
