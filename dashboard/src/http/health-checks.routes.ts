// Health for the web UI: the summary of the last probe round, the host
// measured now, and one target's stored history for charts.
import { Hono } from 'hono';
import { z } from 'zod';
import type { HealthMonitor } from '../domain/health.ts';
import { parseInput } from './errors.ts';

const historyQuery = z.object({
  target: z
    .string({ error: 'required: a target such as host, nats or service:streambot' })
    .regex(/^[A-Za-z0-9:._-]{1,100}$/, 'expected a target such as host, nats or service:streambot'),
  hours: z.coerce
    .number({ error: 'expected hours of history (1-336)' })
    .int('expected whole hours (1-336)')
    .min(1, 'expected hours of history (1-336)')
    .max(336, 'expected hours of history (1-336)')
    .default(24),
});

export function healthCheckRoutes(monitor: HealthMonitor) {
  return new Hono()
    .get('/', async (c) => {
      const summary = await monitor.summary();
      return c.json({
        ...summary,
        checkedAt: summary.checkedAt?.toISOString() ?? null,
        targets: summary.targets.map((t) => ({ ...t, since: t.since.toISOString() })),
      });
    })
    .get('/host', async (c) => c.json(await monitor.measureHost()))
    .get('/history', async (c) => {
      const { target, hours } = parseInput(historyQuery, c.req.query());
      const points = await monitor.history(target, hours);
      return c.json({
        target,
        hours,
        points: points.map((p) => ({ ...p, at: p.at.toISOString() })),
      });
    });
}
