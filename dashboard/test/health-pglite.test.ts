// The health history's SQL (window functions, thinning) on the embedded
// PGlite database too, which runs when DATABASE_URL is unset.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestService } from './harness.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'dashboard-health-pglite-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('answers health history on the embedded database', async () => {
  const svc = await startTestService({ DATA_DIR: dataDir });
  try {
    await svc.service.probeHealth();
    await svc.service.probeHealth();
    const res = await svc.get('/api/health/history?target=host&hours=1');
    expect(res.status).toBe(200);
    const { points } = (await res.json()) as {
      points: { at: string; details: { cpuPercent?: unknown } }[];
    };
    // The round at start and the two asked for.
    expect(points.length).toBeGreaterThanOrEqual(3);
    const times = points.map((p) => Date.parse(p.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(points.at(-1)?.details).toHaveProperty('cpuPercent');
  } finally {
    await svc.stop();
  }
  // Starting PGlite (and migrating it) takes a minute on a busy machine.
}, 180_000);
