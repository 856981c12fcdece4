// Liveness, readiness and the service's own description. /healthz says the
// process answers; /readyz says it can do its work (database and NATS up).
import { Hono } from 'hono';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency works; throws (with a reason) when it does not. */
  check(): Promise<void>;
}

export interface StatusSource {
  service: string;
  version: string;
  startedAt: Date;
  databaseKind: string;
  natsStatus(): string;
  checks: ReadinessCheck[];
}

const CHECK_TIMEOUT_MS = 2_000;

async function probe(check: ReadinessCheck): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([check.check(), timeout]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(status: StatusSource) {
  return new Hono()
    .get('/healthz', (c) => c.json({ status: 'alive' }))
    .get('/readyz', async (c) => {
      const results = await Promise.all(
        status.checks.map(async (ch) => [ch.name, await probe(ch)] as const),
      );
      const down = results.filter(([, problem]) => problem !== undefined);
      const checks = Object.fromEntries(
        results.map(([name, problem]) => [name, problem ? `down: ${problem}` : 'up']),
      );
      if (down.length > 0) {
        return c.json({ status: 'not ready', down: down.map(([name]) => name), checks }, 503);
      }
      return c.json({ status: 'ready', checks });
    })
    .get('/api/info', (c) =>
      c.json({
        service: status.service,
        version: status.version,
        startedAt: status.startedAt.toISOString(),
        uptimeSeconds: Math.round((Date.now() - status.startedAt.getTime()) / 1000),
        database: { kind: status.databaseKind },
        nats: { status: status.natsStatus() },
      }),
    );
}
