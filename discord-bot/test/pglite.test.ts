// Without DATABASE_URL the service keeps its data in an embedded PGlite
// database under DATA_DIR, and restarts on the same folder.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closeBus, queries, request } from '@homelab/nats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import { startTestService } from './harness.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'discord-bot-pglite-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

it('runs on an embedded database and starts again on the same data folder', async () => {
  for (let round = 1; round <= 2; round++) {
    const svc = await startTestService({ DATA_DIR: dataDir });
    const dashboard = await connectAs('dashboard');
    try {
      expect((await svc.get('/readyz')).status).toBe(200);
      expect(await (await svc.get('/api/info')).json()).toMatchObject({
        database: { kind: 'pglite' },
      });
      expect(await request(dashboard, queries.guildsList, {})).toEqual({ guilds: [] });
    } finally {
      await closeBus(dashboard);
      await svc.stop();
    }
  }
});
