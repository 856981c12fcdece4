import { Hono } from 'hono';
import type { HealthMonitor } from '../domain/health.ts';

export function healthCheckRoutes(monitor: HealthMonitor) {
  return new Hono().get('/', async (c) => {
    const summary = await monitor.summary();
    return c.json({
      checkedAt: summary.checkedAt?.toISOString() ?? null,
      targets: summary.targets.map((t) => ({ ...t, since: t.since.toISOString() })),
    });
  });
}
