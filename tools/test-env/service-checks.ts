// Checks every service must pass the same way, run against a service started
// with serviceHarness(): it reports itself ready with both dependencies up,
// names its database in a 503 while that database is unreachable, and
// announces its start on the bus.
import type { EventContract, SubscribedEvent } from '@homelab/nats';
import { expect } from 'vitest';
import {
  eventually,
  setDatabaseReachable,
  type StartedService,
  type TestService,
} from './service-harness.ts';

/** /readyz is 200 with both checks up, and /api/info names the service on Postgres and NATS. */
export async function expectReady(svc: TestService<StartedService>, service: string) {
  const res = await svc.get('/readyz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'up', nats: 'up' } });
  const info = (await (await svc.get('/api/info')).json()) as Record<string, unknown>;
  expect(info).toMatchObject({
    service,
    database: { kind: 'postgres' },
    nats: { status: 'connected' },
  });
}

/** Cuts the database off: 503 naming only it (the process stays alive), then ready again. */
export async function expectDatabaseOutageReported(svc: TestService<StartedService>) {
  if (!svc.database) throw new Error('the outage check needs a Postgres test database');
  await setDatabaseReachable(svc.database, false);
  try {
    const res = await eventually(async () => {
      const r = await svc.get('/readyz');
      if (r.status !== 503) throw new Error(`still ${r.status}`);
      return r;
    });
    const body = (await res.json()) as { down: string[]; checks: Record<string, string> };
    expect(body.down).toEqual(['database']);
    expect(body.checks.nats).toBe('up');
    expect((await svc.get('/healthz')).status).toBe(200);
  } finally {
    await setDatabaseReachable(svc.database, true);
  }
  await eventually(async () => {
    const r = await svc.get('/readyz');
    if (r.status !== 200) throw new Error(`still ${r.status}`);
  });
}

/** This instance's service.started event arrives among `seen`, published as its owner. */
export async function expectStartAnnounced(
  seen: readonly SubscribedEvent[],
  started: EventContract,
  instanceId: string,
) {
  const event = await eventually(async () => {
    const e = seen.find(
      (x) =>
        x.subject === started.subject &&
        (x.envelope.data as { instanceId: string }).instanceId === instanceId,
    );
    if (!e) throw new Error('no service.started event yet');
    return e;
  });
  expect(event.envelope.source).toBe(started.owner);
}
