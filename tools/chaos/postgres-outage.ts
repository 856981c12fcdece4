// Stopping PostgreSQL under a running service: a private cluster (halted and
// started again on the same port and data, so no other test loses its
// database), and the checks every service's outage test makes of its routes.
import { request, type QueryContract, type QueryRequest } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import pg from 'pg';
import { expect } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../test-env/databases.ts';
import { startPostgres, type PostgresHandle } from '../test-env/postgres.ts';

/** How long the server stays down. */
export const OUTAGE_MS = 10_000;
/** Each request during the outage must be answered within this. */
export const ANSWER_WITHIN_MS = 5_000;
/** Every route must work again within this after the server is back. */
export const RECOVER_WITHIN_MS = 15_000;

/**
 * Background work catches up within this after the outage: the outbox relay backs off up to
 * 5 s after failed passes, the chat log up to 30 s after failed writes, and nothing cuts that
 * short when the database is back.
 */
export const PUBLISH_WITHIN_MS = 30_000;

/** Set when the tests are given a server (TEST_DATABASE_URL) they cannot stop. */
export const noPrivateCluster = Boolean(process.env.TEST_DATABASE_URL);

export interface OutageCluster {
  adminUrl: string;
  database: ServiceDatabase;
  halt(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A cluster of this test file's own with one service database on it. `fast` stops it the way
 * an operator does (sessions ended cleanly), `immediate` the way a crash does.
 */
export async function startOutageCluster(
  prefix: string,
  mode: 'fast' | 'immediate',
): Promise<OutageCluster> {
  const pgHandle: PostgresHandle = await startPostgres();
  const server = pgHandle.server;
  if (!server) throw new Error('the outage tests need a cluster of their own (initdb, pg_ctl)');
  const database = await createServiceDatabase(pgHandle.adminUrl, prefix);
  // The test cluster commits without waiting for its WAL (synchronous_commit=off on its command
  // line), so a crash would lose commits the services were told about; production waits, and so
  // does this database (a per-database setting overrides the command line).
  const admin = new pg.Client({ connectionString: pgHandle.adminUrl });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE "${database.database}" SET synchronous_commit = on`);
  } finally {
    await admin.end();
  }
  return {
    adminUrl: pgHandle.adminUrl,
    database,
    halt: () => server.halt(mode),
    resume: () => server.resume(),
    stop: () => pgHandle.stop(),
  };
}

/** Runs statements as the service's own user on its database (to check what was written). */
export async function withServiceSql<T>(
  database: ServiceDatabase,
  fn: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface Probe {
  name: string;
  send(): Promise<Response>;
  /** The error code while the database is down (default database_unavailable). */
  unavailableCode?: string;
}

export interface Answer {
  name: string;
  unavailableCode: string;
  /** 0 when no answer came within ANSWER_WITHIN_MS. */
  status: number;
  ms: number;
  body: { error?: { code?: string; message?: string } } | undefined;
}

/** Sends one probe and waits at most ANSWER_WITHIN_MS for its answer. */
export async function ask(probe: Probe): Promise<Answer> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ANSWER_WITHIN_MS);
  });
  try {
    const res = await Promise.race([probe.send(), late]);
    const ms = Date.now() - started;
    const named = {
      name: probe.name,
      unavailableCode: probe.unavailableCode ?? 'database_unavailable',
    };
    if (!res) return { ...named, status: 0, ms, body: undefined };
    const text = await res.text();
    let body: Answer['body'];
    try {
      body = JSON.parse(text) as Answer['body'];
    } catch {
      body = { error: { message: text.slice(0, 200) } };
    }
    return { ...named, status: res.status, ms, body };
  } finally {
    clearTimeout(timer);
  }
}

export const askAll = (probes: Probe[]) => Promise.all(probes.map(ask));

/** Every answer is a prompt 503 whose JSON error says the database is unavailable. */
export function expectDatabaseUnavailable(answers: Answer[]) {
  const seen = answers.map((a) => ({
    name: a.name,
    status: a.status,
    code: a.body?.error?.code,
    prompt: a.ms < ANSWER_WITHIN_MS,
  }));
  expect(seen).toEqual(
    answers.map((a) => ({
      name: a.name,
      status: 503,
      code: a.unavailableCode,
      prompt: true,
    })),
  );
  for (const a of answers) expect(a.body?.error?.message).toMatch(/database is unavailable/i);
}

/**
 * A NATS query as a probe: its answer maps to a status (200, or the error reply's code), so a
 * query is checked like a route.
 */
export function queryProbe<C extends QueryContract>(
  nc: NatsConnection,
  contract: C,
  req: QueryRequest<C>,
): Probe {
  return {
    name: contract.subject,
    unavailableCode: 'query_error_503',
    send: async () => {
      try {
        const body = await request(nc, contract, req, { timeoutMs: ANSWER_WITHIN_MS });
        return Response.json(body);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        const status = typeof code === 'number' && code >= 400 ? code : 599;
        const message = err instanceof Error ? err.message : String(err);
        return Response.json({ error: { code: `query_error_${status}`, message } }, { status });
      }
    },
  };
}

const ok = (a: Answer) => a.status >= 200 && a.status < 300;

/**
 * Asks every probe until all succeed; returns how long that took, the slowest probe and the
 * last answers.
 */
export async function untilAllSucceed(
  probes: Probe[],
  withinMs = RECOVER_WITHIN_MS,
): Promise<{ ms: number; slowest: string; answers: Answer[] }> {
  const started = Date.now();
  let pending = probes;
  const last = new Map<string, Answer>();
  const refused = new Map<string, number>();
  for (;;) {
    const answers = await askAll(pending);
    for (const a of answers) {
      last.set(a.name, a);
      if (!ok(a)) refused.set(a.name, a.status);
    }
    const failing = pending.filter((_, i) => !ok(answers[i]!));
    if (failing.length === 0) {
      const slowest =
        pending.length === probes.length
          ? 'all at once'
          : pending
              .map(
                (p) => `${p.name}${refused.has(p.name) ? ` (${refused.get(p.name)} before)` : ''}`,
              )
              .join(', ');
      return { ms: Date.now() - started, slowest, answers: probes.map((p) => last.get(p.name)!) };
    }
    pending = failing;
    if (Date.now() - started > withinMs) {
      const answers = pending.map((p) => last.get(p.name));
      throw new Error(`not recovered after ${withinMs} ms: ${JSON.stringify(answers)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Collects unhandled rejections and uncaught exceptions while the test runs. */
export function watchProcessFailures(): { failures: unknown[]; dispose(): void } {
  const failures: unknown[] = [];
  const record = (err: unknown) => void failures.push(err);
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
  return {
    failures,
    dispose() {
      process.off('unhandledRejection', record);
      process.off('uncaughtException', record);
    },
  };
}

/** Resolves once `ms` have passed since `since` (the outage's start). */
export const untilElapsed = (since: number, ms: number) =>
  new Promise<void>((r) => setTimeout(r, Math.max(0, since + ms - Date.now())));
