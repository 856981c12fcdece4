// Without DATABASE_URL the service keeps its data in an embedded PGlite
// database under DATA_DIR, and the data survives a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestService } from './harness.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'stream-bot-pglite-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('runs on an embedded database and keeps facts across a restart', async () => {
  const first = await startTestService({ DATA_DIR: dataDir });
  let factId: string;
  try {
    expect((await first.get('/readyz')).status).toBe(200);
    expect(await (await first.get('/api/info')).json()).toMatchObject({
      database: { kind: 'pglite' },
    });
    const res = await first.post('/api/facts/hello', { text: 'kept on disk' });
    expect(res.status).toBe(201);
    factId = ((await res.json()) as { fact: { id: string } }).fact.id;
  } finally {
    await first.stop();
  }

  const second = await startTestService({ DATA_DIR: dataDir });
  try {
    const latest = (await (await second.get('/api/facts/latest')).json()) as {
      fact: { id: string; text: string };
    };
    expect(latest.fact).toMatchObject({ id: factId, text: 'kept on disk' });
  } finally {
    await second.stop();
  }
});
