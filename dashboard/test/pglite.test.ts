// Without DATABASE_URL the dashboard keeps its data in an embedded PGlite
// database under DATA_DIR; its health history survives a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestService } from './harness.ts';

interface HealthBody {
  targets: { target: string; status: string; since: string }[];
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'dashboard-pglite-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('runs on an embedded database and keeps its health history across a restart', async () => {
  const first = await startTestService({ DATA_DIR: dataDir });
  let since: string | undefined;
  try {
    expect((await first.get('/readyz')).status).toBe(200);
    expect(await (await first.get('/api/info')).json()).toMatchObject({
      database: { kind: 'pglite' },
    });
    await first.service.probeHealth();
    const health = (await (await first.get('/api/health')).json()) as HealthBody;
    since = health.targets.find((t) => t.target === 'service:dashboard')?.since;
    expect(since).toBeDefined();
  } finally {
    await first.stop();
  }

  const second = await startTestService({ DATA_DIR: dataDir });
  try {
    await second.service.probeHealth();
    const health = (await (await second.get('/api/health')).json()) as HealthBody;
    // Still healthy since the first run's check: read back from the database, not restarted.
    expect(health.targets.find((t) => t.target === 'service:dashboard')).toMatchObject({
      status: 'healthy',
      since,
    });
  } finally {
    await second.stop();
  }
});
