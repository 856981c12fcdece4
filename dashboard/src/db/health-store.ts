// Health checks in the dashboard's database: one row per target per probe
// round, its details a JSON object holding the message and the check's
// figures. A round's rows and its health-changed events commit together.
import { enqueueEvent, events, type SqlDatabase } from '@homelab/nats';
import type {
  HealthChange,
  HealthCheck,
  HealthStatus,
  HealthStore,
  HistoryPoint,
  TargetState,
} from '../domain/health.ts';

const STATUSES: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy', 'unknown'];
const statusOf = (s: string) => STATUSES.find((x) => x === s) ?? 'unknown';

const INSERT = `INSERT INTO health_checks (target, status, latency_ms, details, checked_at)
VALUES ($1, $2, $3, $4::jsonb, $5)`;

// The latest row per target, and since when the target has had that status:
// the first check after the last one that said something else.
const CURRENT = `WITH latest AS (
  SELECT DISTINCT ON (target) target, status, latency_ms, details, checked_at
  FROM health_checks ORDER BY target, checked_at DESC, id DESC
)
SELECT l.target, l.status, l.latency_ms, l.details,
  (SELECT min(h.checked_at) FROM health_checks h
   WHERE h.target = l.target AND h.checked_at > COALESCE(
     (SELECT max(x.checked_at) FROM health_checks x WHERE x.target = l.target AND x.status <> l.status),
     '-infinity'::timestamptz)) AS since
FROM latest l ORDER BY l.target`;

// Thinned out in the database, so two weeks of 30-second rounds never travel
// whole: every k-th row, the newest, and every row whose status differs from
// the one before (a short outage must not fall between two kept rows). Heavy
// flapping could still add many; the newest $4 are kept then.
const HISTORY = `WITH w AS (
  SELECT id, status, latency_ms, details, checked_at,
    row_number() OVER (ORDER BY checked_at, id) AS rn,
    count(*) OVER () AS n,
    lag(status) OVER (ORDER BY checked_at, id) AS before
  FROM health_checks WHERE target = $1 AND checked_at >= $2
)
SELECT status, latency_ms, details, checked_at FROM w
WHERE (rn - 1) % GREATEST(1, ceil(n / $3::numeric))::bigint = 0
  OR rn = n OR (before IS NOT NULL AND before <> status)
ORDER BY checked_at DESC, id DESC LIMIT $4`;

type Json = Record<string, unknown>;

interface CurrentRow {
  target: string;
  status: string;
  latency_ms: number | null;
  details: Json | string | null;
  since: Date | string;
}

interface HistoryRow {
  status: string;
  latency_ms: number | null;
  details: Json | string | null;
  checked_at: Date | string;
}

function jsonOf(value: Json | string | null): Json {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return parsed !== null && typeof parsed === 'object' ? (parsed as Json) : {};
}

function messageOf(value: CurrentRow['details']): string | null {
  const message = jsonOf(value).message;
  return typeof message === 'string' ? message : null;
}

export function createHealthStore(sql: SqlDatabase): HealthStore {
  return {
    current: async (): Promise<TargetState[]> => {
      const rows = await sql.query<CurrentRow>(CURRENT);
      return rows.map((r) => ({
        target: r.target,
        status: statusOf(r.status),
        details: messageOf(r.details),
        latencyMs: r.latency_ms,
        since: new Date(r.since),
      }));
    },

    record: (checks: HealthCheck[], changes: HealthChange[], checkedAt: Date) =>
      sql.transaction(async (tx) => {
        for (const c of checks) {
          const details = JSON.stringify({ message: c.details, ...c.metrics });
          await tx.execute(INSERT, [c.target, c.status, c.latencyMs, details, checkedAt]);
        }
        for (const change of changes) {
          await enqueueEvent(tx, events.healthChanged, change, {
            aggregateId: change.target,
            occurredAt: checkedAt,
          });
        }
      }),

    history: async (target: string, since: Date, maxPoints: number): Promise<HistoryPoint[]> => {
      const rows = await sql.query<HistoryRow>(HISTORY, [target, since, maxPoints, maxPoints * 2]);
      return rows.reverse().map((r) => ({
        at: new Date(r.checked_at),
        status: statusOf(r.status),
        latencyMs: r.latency_ms,
        details: jsonOf(r.details),
      }));
    },

    prune: (before: Date) =>
      sql.execute('DELETE FROM health_checks WHERE checked_at < $1', [before]),
  };
}
