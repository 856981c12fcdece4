// The dashboard's answers to read-only queries from other services.
import type { QueryRequest, QueryResponse, queries } from '@homelab/nats';
import type { HealthMonitor } from '../domain/health.ts';

type HealthSummary = typeof queries.healthSummary;

export function createQueryHandlers(monitor: HealthMonitor) {
  return {
    // The contract's v1 shape: the targets only (versions, figures and streams are the UI's).
    async healthSummary(_req: QueryRequest<HealthSummary>): Promise<QueryResponse<HealthSummary>> {
      const summary = await monitor.summary();
      return {
        checkedAt: summary.checkedAt?.toISOString() ?? null,
        targets: summary.targets.map((t) => ({
          target: t.target,
          status: t.status,
          details: t.details,
          since: t.since.toISOString(),
        })),
      };
    },
  };
}
