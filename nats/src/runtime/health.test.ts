import { expect, it } from 'vitest';
import { healthRoutes, type ReadinessCheck } from './health.ts';

function routesWith(opts: { checks?: ReadinessCheck[]; nats?: string } = {}) {
  return healthRoutes({
    service: 'example',
    version: '1.2.3',
    startedAt: new Date(Date.now() - 5_000),
    databaseKind: 'postgres',
    natsStatus: () => opts.nats ?? 'connected',
    checks: opts.checks ?? [],
  });
}

const up = (name: string): ReadinessCheck => ({ name, check: async () => undefined });
const down = (name: string, why: string): ReadinessCheck => ({
  name,
  check: async () => {
    throw new Error(why);
  },
});

it('answers /healthz with 200 even when every dependency is down', async () => {
  const res = await routesWith({ checks: [down('database', 'refused')] }).request('/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'alive' });
});

it('is ready only when every check passes', async () => {
  const res = await routesWith({ checks: [up('database'), up('nats')] }).request('/readyz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'up', nats: 'up' } });
});

it('names what is down in a 503 from /readyz', async () => {
  const res = await routesWith({
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
  const res = await routesWith({ checks: [hang, up('nats')] }).request('/readyz');
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual({
    status: 'not ready',
    down: ['database'],
    checks: { database: expect.stringMatching(/^down: no answer within/) as string, nats: 'up' },
  });
});

it('describes the service at /api/info', async () => {
  const res = await routesWith({ nats: 'reconnecting' }).request('/api/info');
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({
    service: 'example',
    version: '1.2.3',
    database: { kind: 'postgres' },
    nats: { status: 'reconnecting' },
  });
  expect(body.uptimeSeconds).toBeGreaterThanOrEqual(5);
});
