// Runs dashboard in-process against the shared nats-server and a database
// of its own, the way production runs it, minus the process boundary.
import { connectBus, type ServiceName } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import pg from 'pg';
import { inject } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../../tools/test-env/mod.ts';
import { loadConfig } from '../src/config.ts';
import { startService, type RunningService } from '../src/service.ts';

export interface TestService {
  service: RunningService;
  database: ServiceDatabase | undefined;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const creds = inject('natsCredentials').dashboard;
  return {
    PORT: '0',
    NATS_URL: inject('natsUrl'),
    NATS_USER: creds.user,
    NATS_PASSWORD: creds.pass,
    LOG_LEVEL: 'silent',
    // Tests run probe rounds themselves (service.probeHealth()).
    HEALTH_PROBE_INTERVAL_MS: '600000',
    ...overrides,
  };
}

/** Starts the service on a fresh Postgres database, or on PGlite when DATA_DIR is given. */
export async function startTestService(
  overrides: Record<string, string> = {},
): Promise<TestService> {
  const database = overrides.DATA_DIR
    ? undefined
    : await createServiceDatabase(inject('pgAdminUrl'), 'dashboard');
  const env = testEnv({ ...(database ? { DATABASE_URL: database.url } : {}), ...overrides });
  let service: RunningService;
  try {
    service = await startService(loadConfig(env));
  } catch (err) {
    await database?.drop();
    throw err;
  }
  return {
    service,
    database,
    get: (path) => fetch(service.url + path),
    post: (path, body) =>
      fetch(service.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    stop: async () => {
      await service.stop();
      await database?.drop();
    },
  };
}

/** A NATS connection as another service's user (the tests' stand-in for it). */
export function connectAs(user: ServiceName, servers = inject('natsUrl')): Promise<NatsConnection> {
  const creds = inject('natsCredentials')[user];
  return connectBus({
    service: user,
    servers,
    user: creds.user,
    pass: creds.pass,
  });
}

/** Blocks or restores new connections to a test database and ends the open ones. */
export async function setDatabaseReachable(
  database: ServiceDatabase,
  reachable: boolean,
): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  try {
    await admin.query(
      `ALTER DATABASE "${database.database}" ALLOW_CONNECTIONS ${reachable ? 'true' : 'false'}`,
    );
    if (!reachable) {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [database.database],
      );
    }
  } finally {
    await admin.end();
  }
}

export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
