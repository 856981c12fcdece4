// Artifacts on the embedded PGlite database too (DATABASE_URL unset): the files
// under <DATA_DIR>/artifacts by default, the row's SQL (bigint size, jsonb
// analysis, the row lock of an analysis request) and the job it enqueues.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { startTestService } from './harness.ts';

const BOUNDARY = '----artifacts-pglite';
let dataDir: string;
let openai: OpenAiStandIn;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'dashboard-artifacts-pglite-'));
  openai = await startOpenAiStandIn();
});
afterAll(async () => {
  await openai.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('stores, analyses, downloads and deletes artifacts on the embedded database', async () => {
  const svc = await startTestService({
    DATA_DIR: dataDir,
    OPENAI_API_KEY: 'sk-any',
    OPENAI_BASE_URL: openai.baseUrl,
  });
  try {
    const dir = path.join(dataDir, 'artifacts');
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const content = 'services:\n  web:\n    image: nginx\n';
    const body =
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="compose.yaml"\r\n\r\n` +
      `${content}\r\n--${BOUNDARY}--\r\n`;
    const up = await svc.request('/api/artifacts', {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      body,
    });
    expect(up.status).toBe(201);
    const { artifact } = (await up.json()) as {
      artifact: { id: string; sizeBytes: number; sha256: string };
    };
    expect(artifact.sizeBytes).toBe(content.length);
    expect(artifact.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(await readdir(dir)).toEqual([artifact.id]);

    openai.answer('{"summary":"One nginx service.","findings":[]}');
    expect((await svc.post(`/api/artifacts/${artifact.id}/analyze`, {})).status).toBe(202);
    const analysed = await eventually(async () => {
      const res = await svc.get(`/api/artifacts/${artifact.id}`);
      const view = (await res.json()) as {
        artifact: { analysisStatus: string; analysis: { summary: string } | null };
      };
      expect(view.artifact.analysisStatus).toBe('done');
      return view.artifact;
    }, 30_000);
    expect(analysed.analysis?.summary).toBe('One nginx service.');

    const dl = await svc.get(`/api/artifacts/${artifact.id}/download`);
    expect(await dl.text()).toBe(content);
    expect((await svc.del(`/api/artifacts/${artifact.id}`)).status).toBe(200);
    expect(await readdir(dir)).toEqual([]);
  } finally {
    await svc.stop();
  }
  // Starting PGlite (and migrating it) takes a minute on a busy machine.
}, 180_000);
