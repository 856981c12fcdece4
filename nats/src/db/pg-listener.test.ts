import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import {
  createServiceDatabase,
  withDatabase,
  type ServiceDatabase,
} from '../../../tools/test-env/mod.ts';
import { createPgListener } from './pg-listener.ts';

let database: ServiceDatabase;
beforeAll(async () => {
  database = await createServiceDatabase(inject('pgAdminUrl'), 'listener');
});
afterAll(() => database?.drop());

/** Resolves on the next call of the returned callback. */
function signal() {
  let next: () => void = () => undefined;
  let calls = 0;
  return {
    fn: () => {
      calls++;
      next();
    },
    next: () => new Promise<void>((resolve) => (next = resolve)),
    get calls() {
      return calls;
    },
  };
}

async function onAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({
    connectionString: withDatabase(inject('pgAdminUrl'), database.database),
  });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

it('listens again after its connection is killed, and wakes listeners to catch up', async () => {
  const listener = createPgListener({ connectionString: database.url }, undefined, {
    firstMs: 50,
    maxMs: 200,
  });
  const wake = signal();
  try {
    await listener.listen('outbox_events', wake.fn);
    let woken = wake.next();
    await onAdmin((c) => c.query(`NOTIFY outbox_events`));
    await woken;

    // Kill the listening backend, as a server restart or a proxy timeout would.
    woken = wake.next();
    const killed = await onAdmin((c) =>
      c.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
               WHERE datname = $1 AND query ILIKE 'LISTEN%'`,
        [database.database],
      ),
    );
    expect(killed.rowCount).toBe(1);
    await woken; // the catch-up call after reconnecting

    woken = wake.next();
    await onAdmin((c) => c.query(`NOTIFY outbox_events`));
    await woken; // LISTEN was issued again on the new connection
    expect(wake.calls).toBeGreaterThanOrEqual(3);
  } finally {
    await listener.close();
  }
});

it('stops delivering to a listener that unlistened, and closes its connection', async () => {
  const listener = createPgListener({ connectionString: database.url });
  const kept = signal();
  const dropped = signal();
  await listener.listen('jobs', kept.fn);
  const unlisten = await listener.listen('jobs', dropped.fn);
  await unlisten();
  const woken = kept.next();
  await onAdmin((c) => c.query(`NOTIFY jobs`));
  await woken;
  expect(dropped.calls).toBe(0);

  await listener.close();
  const open = await onAdmin((c) =>
    c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND usename = $2`, [
      database.database,
      database.user,
    ]),
  );
  expect(open.rowCount).toBe(0);
});
