// Runs one service in-process against a nats-server of the test file's own and
// a database of its own, the way production runs it, minus the process
// boundary. (On a shared server, queries are answered by a queue group, so a
// service another test file started on another database could answer.) Each
// service's test/harness.ts binds it to its own start function; this file
// imports no service code. (Kept out of mod.ts: it needs a running vitest.)
import { connectBus, type ServiceName } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from './databases.ts';
import { startNatsServer, type NatsServerHandle } from './nats-server.ts';

/** This test file's nats-server, started by serviceHarness(). */
let fileBus: NatsServerHandle | undefined;

export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

export interface TestService<S extends StartedService> {
  service: S;
  database: ServiceDatabase | undefined;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
}

export interface HarnessOptions<S extends StartedService> {
  /** The service's NATS user; also names its test databases. */
  user: ServiceName;
  /** Variables its tests always set (under the per-test overrides). */
  env?: Record<string, string>;
  start(env: Record<string, string>): Promise<S>;
}

export function serviceHarness<S extends StartedService>(options: HarnessOptions<S>) {
  // Called while the test file is collected, so these hooks belong to that file.
  beforeAll(async () => {
    fileBus = await startNatsServer({ credentials: inject('natsCredentials') });
  });
  afterAll(async () => {
    await fileBus?.dispose();
    fileBus = undefined;
  });

  /** The variables to run the service with: this file's NATS, any free port, no log output. */
  function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
    const creds = inject('natsCredentials')[options.user];
    return {
      PORT: '0',
      NATS_URL: fileBus?.url ?? inject('natsUrl'),
      NATS_USER: creds.user,
      NATS_PASSWORD: creds.pass,
      LOG_LEVEL: 'silent',
      ...options.env,
      ...overrides,
    };
  }

  /** Starts the service on a fresh Postgres database, or on PGlite when DATA_DIR is given. */
  async function startTestService(overrides: Record<string, string> = {}): Promise<TestService<S>> {
    const database = overrides.DATA_DIR
      ? undefined
      : await createServiceDatabase(inject('pgAdminUrl'), options.user);
    const env = testEnv({ ...(database ? { DATABASE_URL: database.url } : {}), ...overrides });
    let service: S;
    try {
      service = await options.start(env);
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

  return { testEnv, startTestService };
}

/** A NATS connection as a service's user (the tests' stand-in for it), on this file's server. */
export function connectAs(
  user: ServiceName,
  servers = fileBus?.url ?? inject('natsUrl'),
): Promise<NatsConnection> {
  const creds = inject('natsCredentials')[user];
  return connectBus({ service: user, servers, user: creds.user, pass: creds.pass });
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

/** Retries fn every 100 ms until it resolves; after timeoutMs, its last error. */
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
