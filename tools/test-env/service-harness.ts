// Runs one service in-process against a nats-server of the test file's own and
// a database of its own, the way production runs it, minus the process
// boundary. (On a shared server, queries are answered by a queue group, so a
// service another test file started on another database could answer.) Each
// service's test/harness.ts binds it to its own start function; this file
// imports no service code. (Kept out of mod.ts: it needs a running vitest.)
import {
  closeBus,
  connectBus,
  startEventSubscription,
  type ServiceName,
  type SubscribedEvent,
} from '@homelab/nats';
import type { NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
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
  /** Cookies the service set (name → value); get/post/put/patch/del send them back. */
  cookies: Map<string, string>;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  put(path: string, body?: unknown): Promise<Response>;
  patch(path: string, body?: unknown): Promise<Response>;
  del(path: string): Promise<Response>;
  /** Any request with the cookies and, like a browser on the service's page, its Origin. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** A plain fetch of service.url + path: no cookies, nothing added. */
  anonymous(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export interface HarnessOptions<S extends StartedService> {
  /** The service's NATS user; also names its test databases. */
  user: ServiceName;
  /** Variables its tests always set (under the per-test overrides). */
  env?: Record<string, string>;
  start(env: Record<string, string>): Promise<S>;
  /** Runs once the service is up, before the test sees it (e.g. to log in). */
  ready?(svc: TestService<S>, env: Record<string, string>): Promise<void>;
}

/** Keeps the cookies of a response's Set-Cookie headers (removes expired ones). */
export function storeCookies(jar: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const gone = attrs.some((a) => {
      const [k = '', v = ''] = a.split('=').map((p) => p.trim());
      if (k.toLowerCase() === 'max-age') return Number(v) <= 0;
      if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now();
      return false;
    });
    if (gone || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

export function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

export function serviceHarness<S extends StartedService>(options: HarnessOptions<S>) {
  // Called while the test file is collected, so these hooks belong to that file.
  // The server stops in this hook's teardown, not in an afterAll: vitest runs teardowns returned
  // by beforeAll hooks after every afterAll, in reverse order, so a test file's own teardown (which
  // stops its services) runs first and the services drain on a live server instead of retrying a
  // vanished one until their drain times out.
  let disposed: Promise<void> | undefined;
  let testsRan = false;
  beforeAll(async () => {
    const bus = await startNatsServer({ credentials: inject('natsCredentials') });
    fileBus = bus;
    const dispose = () =>
      (disposed ??= bus.dispose().finally(() => {
        if (fileBus === bus) fileBus = undefined;
      }));
    onStartFailure = dispose;
    return dispose;
  });
  // When a later beforeAll of the file fails (a service that cannot start), vitest skips the
  // tests and runs the afterAll hooks but not the teardowns returned by earlier beforeAll hooks:
  // the server would be left running. No test ran then, so it is stopped here.
  beforeEach(() => {
    testsRan = true;
  });
  let onStartFailure: (() => Promise<void>) | undefined;
  afterAll(async () => {
    if (!testsRan) await onStartFailure?.();
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
    const cookies = new Map<string, string>();
    const request = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (cookies.size > 0 && !headers.has('cookie')) headers.set('cookie', cookieHeader(cookies));
      if (!headers.has('origin')) headers.set('origin', new URL(service.url).origin);
      const res = await fetch(service.url + path, { ...init, headers });
      storeCookies(cookies, res);
      return res;
    };
    const withBody = (method: string) => (path: string, body?: unknown) =>
      request(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const svc: TestService<S> = {
      service,
      database,
      cookies,
      get: (path) => request(path),
      post: withBody('POST'),
      put: withBody('PUT'),
      patch: withBody('PATCH'),
      del: (path) => request(path, { method: 'DELETE' }),
      request,
      anonymous: (path, init) => fetch(service.url + path, init),
      stop: async () => {
        await service.stop();
        await database?.drop();
      },
    };
    try {
      await options.ready?.(svc, env);
    } catch (err) {
      await svc.stop();
      throw err;
    }
    return svc;
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

export interface EventWatch {
  /** The dashboard-user connection the events arrive on (usable for queries too). */
  nc: NatsConnection;
  /** Every event seen so far, oldest first. */
  seen: SubscribedEvent[];
  /** Ends the subscription and closes the connection. */
  stop(): Promise<void>;
}

/**
 * Connects as the dashboard on this file's server and collects every event of `stream`
 * from its first, the way the dashboard's live feed reads them (into `seen`, if given).
 */
export async function watchEvents(
  stream: string,
  seen: SubscribedEvent[] = [],
): Promise<EventWatch> {
  const nc = await connectAs('dashboard');
  const sub = await startEventSubscription({
    nc,
    stream,
    deliver: { startSeq: 1 },
    onEvent: (e) => void seen.push(e),
  });
  return {
    nc,
    seen,
    async stop() {
      await sub.stop();
      await closeBus(nc);
    },
  };
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
