// Health checks in the dashboard's database: one row per target per probe
// round. A round's rows and its health-changed events commit together.
import { enqueueEvent, events, type SqlDatabase } from '@homelab/nats';
import type {
  HealthChange,
  HealthCheck,
  HealthStatus,
  HealthStore,
  TargetState,
} from '../domain/health.ts';

const STATUSES: readonly HealthStatus[] = ['healthy', 'degraded', 'unhealthy', 'unknown'];

const INSERT = `INSERT INTO health_checks (target, status, latency_ms, details, checked_at)
VALUES ($1, $2, $3, $4::jsonb, $5)`;

// The latest row per target, and since when the target has had that status:
// the first check after the last one that said something else.
const CURRENT = `WITH latest AS (
  SELECT DISTINCT ON (target) target, status, details, checked_at
  FROM health_checks ORDER BY target, checked_at DESC, id DESC
)
SELECT l.target, l.status, l.details,
  (SELECT min(h.checked_at) FROM health_checks h
   WHERE h.target = l.target AND h.checked_at > COALESCE(
     (SELECT max(x.checked_at) FROM health_checks x WHERE x.target = l.target AND x.status <> l.status),
     '-infinity'::timestamptz)) AS since
FROM latest l ORDER BY l.target`;

interface CurrentRow {
  target: string;
  status: string;
  details: { message?: string } | string | null;
  since: Date | string;
}

function detailsOf(value: CurrentRow['details']): string | null {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as { message?: string }) : value;
  return parsed?.message ?? null;
}

export function createHealthStore(sql: SqlDatabase): HealthStore {
  return {
    current: async (): Promise<TargetState[]> => {
      const rows = await sql.query<CurrentRow>(CURRENT);
      return rows.map((r) => ({
        target: r.target,
        status: STATUSES.find((s) => s === r.status) ?? 'unknown',
        details: detailsOf(r.details),
        since: new Date(r.since),
      }));
    },

    record: (checks: HealthCheck[], changes: HealthChange[], checkedAt: Date) =>
      sql.transaction(async (tx) => {
        for (const c of checks) {
          const details = JSON.stringify(c.details === null ? {} : { message: c.details });
          await tx.execute(INSERT, [c.target, c.status, c.latencyMs, details, checkedAt]);
        }
        for (const change of changes) {
          await enqueueEvent(tx, events.healthChanged, change, {
            aggregateId: change.target,
            occurredAt: checkedAt,
          });
        }
      }),
  };
}
