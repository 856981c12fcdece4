// Artifacts against the real dashboard (real Postgres, nats-server): upload,
// list, byte-identical download with its checksum, the size limit (declared and
// streamed), path tricks in file names, type and content checks, delete, bad
// ids, logins, and the AI analysis through the OpenAI stand-in.
import { createHash, randomUUID } from 'node:crypto';
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { sqlOverPool } from '../../tools/test-env/pg-sql.ts';
import { createTextAnalyzer } from '../src/ai/text-analyzer.ts';
import { analyzeArtifact } from '../src/artifacts/analysis-job.ts';
import { JobFailure, type JobContext } from '../src/jobs/types.ts';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';

const MAX_BYTES = 64 * 1024;
const BOUNDARY = '----artifacts-test-7MA4YWxkTrZu0gW';

interface ArtifactView {
  id: string;
  fileName: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  textLike: boolean;
  uploadedBy: string;
  analysisStatus: string;
  analysis: {
    summary: string;
    findings: { severity: string; title: string }[];
    model: string;
  } | null;
  analysisError: string | null;
  analysisJobId: string | null;
  storagePath?: string;
}

let svc: TestService;
let openai: OpenAiStandIn;
let root: string;
let dir: string;
let pool: pg.Pool;

/** A multipart/form-data body written byte by byte, so names reach the service exactly as given. */
function multipart(
  parts: { name: string; fileName?: string; content: string | Uint8Array }[],
): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const file = p.fileName === undefined ? '' : `; filename="${p.fileName}"`;
    chunks.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      ),
      Buffer.from(p.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

const FORM = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };

async function upload(fileName: string, content: string | Uint8Array) {
  const res = await svc.request('/api/artifacts', {
    method: 'POST',
    headers: FORM,
    body: multipart([{ name: 'file', fileName, content }]),
  });
  const body = (await res.json()) as {
    artifact: ArtifactView;
    error?: { code: string; message: string };
  };
  return { status: res.status, body };
}

async function list(): Promise<{ artifacts: ArtifactView[]; total: number }> {
  const res = await svc.get('/api/artifacts?limit=200');
  expect(res.status).toBe(200);
  return (await res.json()) as { artifacts: ArtifactView[]; total: number };
}

const rowCount = async () =>
  Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM artifacts')).rows[0]?.n);
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Every file in the artifacts folder's parent, recursively: nothing may appear outside dir. */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)))
    .sort();
}

function jobContext(attempt = 1, maxAttempts = 1): JobContext & { updates: string[] } {
  const updates: string[] = [];
  const log = { warn: () => {}, info: () => {}, error: () => {}, debug: () => {} };
  return {
    jobId: randomUUID(),
    attempt,
    maxAttempts,
    signal: new AbortController().signal,
    progress: (u) => void updates.push(u.message),
    log: log as unknown as JobContext['log'],
    updates,
  };
}

beforeAll(async () => {
  openai = await startOpenAiStandIn({ apiKey: 'sk-test-artifacts' });
  root = await mkdtemp(path.join(os.tmpdir(), 'artifacts-test-'));
  dir = path.join(root, 'artifacts');
  svc = await startTestService({
    ARTIFACTS_DIR: dir,
    ARTIFACT_MAX_BYTES: String(MAX_BYTES),
    OPENAI_API_KEY: 'sk-test-artifacts',
    OPENAI_BASE_URL: openai.baseUrl,
    AI_ANALYSIS_MODEL: 'gpt-test-analysis',
  });
  pool = new pg.Pool({ connectionString: svc.database?.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
  await svc?.stop();
  await openai?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('upload, list, download', () => {
  it('creates the artifacts folder for its owner only', async () => {
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('stores an upload under a new id with its checksum and gives it back byte for byte', async () => {
    const content = 'Nov 28 12:00:01 app[1]: started\nNov 28 12:00:02 app[1]: ERROR db refused\n';
    const { status, body } = await upload('app.log', content);
    expect(status).toBe(201);
    const a = body.artifact;
    expect(a).toMatchObject({
      fileName: 'app.log',
      originalName: 'app.log',
      contentType: 'text/plain; charset=utf-8',
      sizeBytes: Buffer.byteLength(content),
      sha256: sha256(content),
      textLike: true,
      uploadedBy: 'admin',
      analysisStatus: 'none',
    });
    expect(a.storagePath).toBeUndefined();
    // On disk under its id only, owner-readable only.
    const onDisk = path.join(dir, a.id);
    expect(await readFile(onDisk, 'utf8')).toBe(content);
    expect((await stat(onDisk)).mode & 0o777).toBe(0o600);

    const listed = await list();
    expect(listed.artifacts[0]?.id).toBe(a.id);
    const one = await svc.get(`/api/artifacts/${a.id}`);
    expect(((await one.json()) as { artifact: ArtifactView }).artifact.sha256).toBe(a.sha256);

    const dl = await svc.get(`/api/artifacts/${a.id}/download`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(dl.headers.get('content-disposition')).toBe(
      `attachment; filename="app.log"; filename*=UTF-8''app.log`,
    );
    const bytes = new Uint8Array(await dl.arrayBuffer());
    expect(sha256(bytes)).toBe(a.sha256);
    expect(Buffer.from(bytes).toString('utf8')).toBe(content);
    const head = await svc.request(`/api/artifacts/${a.id}/download`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(a.sizeBytes));
  });

  it('keeps binary files intact and checks their magic bytes', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 37) % 256)),
    ]);
    const { status, body } = await upload('shot.png', png);
    expect(status).toBe(201);
    expect(body.artifact).toMatchObject({ contentType: 'image/png', textLike: false });
    const dl = await svc.get(`/api/artifacts/${body.artifact.id}/download`);
    expect(Buffer.from(await dl.arrayBuffer()).equals(png)).toBe(true);
    expect(dl.headers.get('content-type')).toBe('image/png');
  });

  it('accepts a file of exactly the limit and downloads a non-ASCII name RFC 5987-encoded', async () => {
    const { status, body } = await upload('Überblick.txt', 'x'.repeat(MAX_BYTES));
    expect(status).toBe(201);
    expect(body.artifact.sizeBytes).toBe(MAX_BYTES);
    const dl = await svc.get(`/api/artifacts/${body.artifact.id}/download`);
    expect(dl.headers.get('content-disposition')).toBe(
      `attachment; filename="_berblick.txt"; filename*=UTF-8''%C3%9Cberblick.txt`,
    );
    await dl.arrayBuffer();
  });

  it('pages the list, newest first', async () => {
    const all = await list();
    expect(all.total).toBeGreaterThanOrEqual(3);
    const res = await svc.get('/api/artifacts?limit=1&offset=1');
    const page = (await res.json()) as { artifacts: ArtifactView[]; total: number };
    expect(page.artifacts.map((a) => a.id)).toEqual([all.artifacts[1]?.id]);
    expect(page.total).toBe(all.total);
    expect((await svc.get('/api/artifacts?limit=0')).status).toBe(400);
    expect((await svc.get('/api/artifacts?offset=-1')).status).toBe(400);
  });
});

describe('refusals change nothing', () => {
  async function expectNothingNew(run: () => Promise<void>) {
    const rows = await rowCount();
    const files = await filesUnder(root);
    await run();
    expect(await rowCount()).toBe(rows);
    expect(await filesUnder(root)).toEqual(files);
  }

  it('refuses a file one byte over the limit while streaming (413)', async () => {
    await expectNothingNew(async () => {
      const { status, body } = await upload('big.log', 'x'.repeat(MAX_BYTES + 1));
      expect(status).toBe(413);
      expect(body.error?.code).toBe('too_large');
      expect(body.error?.message).toMatch(/ARTIFACT_MAX_BYTES/);
    });
  });

  it('refuses a declared Content-Length past the limit before reading the body (413)', async () => {
    await expectNothingNew(async () => {
      const { status } = await upload('huge.log', 'x'.repeat(MAX_BYTES * 4));
      expect(status).toBe(413);
    });
  });

  /** A chunked upload (no Content-Length) of the file part's head and then `total` bytes. */
  function streamed(total: number) {
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="stream.log"\r\n\r\n`,
    );
    const state = { sent: 0 };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (state.sent === 0) controller.enqueue(head);
        if (state.sent >= total) return controller.close();
        const chunk = Buffer.alloc(8192, 0x61);
        state.sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = svc.request('/api/artifacts', {
      method: 'POST',
      headers: FORM,
      body,
      duplex: 'half',
    } as RequestInit);
    return { res, state };
  }

  it('refuses a chunked upload without Content-Length once it passes the limit (413)', async () => {
    await expectNothingNew(async () => {
      // fetch (undici) reads the answer only once it has sent the whole body: a body the
      // service drains within its grace time (hono's node-server: 500 ms) gets the 413.
      const res = await streamed(MAX_BYTES * 4).res;
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large');
    });
  });

  it('cuts off a chunked upload that does not stop, instead of reading it all', async () => {
    await expectNothingNew(async () => {
      const endless = streamed(Number.MAX_SAFE_INTEGER);
      // The service answers 413 and closes the connection shortly after; a client still
      // sending sees either the answer or the closed connection.
      const outcome = await endless.res.then(
        (r) => r.status,
        () => 'closed',
      );
      expect([413, 'closed']).toContain(outcome);
      const sentThen = endless.state.sent;
      await new Promise((r) => setTimeout(r, 300));
      expect(endless.state.sent - sentThen).toBeLessThan(64 * 1024);
      expect(sentThen).toBeLessThan(256 * 1024 * 1024);
    });
  });

  it.each([
    ['tool.exe', 'MZ\u0090\u0000'],
    ['page.html', '<script>alert(1)</script>'],
    ['passwd', 'root:x:0:0'],
    ['fake.png', 'this is text pretending to be a png, long enough to be checked fully'],
    ['fake.zip', 'not a zip archive'],
    ['fake.pdf', '<html>not a pdf</html>'],
    ['binary.log', Buffer.from([0x61, 0x00, 0x62])],
    ['latin1.txt', Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65])],
  ])('refuses %s as an unsupported type (415)', async (name, content) => {
    await expectNothingNew(async () => {
      const { status, body } = await upload(name, content);
      expect(status).toBe(415);
      expect(body.error?.code).toBe('unsupported_type');
      expect(body.error?.message).toContain('"');
    });
  });

  it('refuses bodies that are not a multipart upload of a file (400)', async () => {
    await expectNothingNew(async () => {
      const json = await svc.post('/api/artifacts', { file: 'x' });
      expect(json.status).toBe(400);
      expect(((await json.json()) as { error: { message: string } }).error.message).toMatch(
        /multipart\/form-data/,
      );
      const noFile = await svc.request('/api/artifacts', {
        method: 'POST',
        headers: FORM,
        body: multipart([{ name: 'note', content: 'hello' }]),
      });
      expect(noFile.status).toBe(400);
      const cut = multipart([{ name: 'file', fileName: 'cut.log', content: 'abc'.repeat(100) }]);
      const truncated = await svc.request('/api/artifacts', {
        method: 'POST',
        headers: FORM,
        body: cut.subarray(0, cut.length - 80),
      });
      expect(truncated.status).toBe(400);
      const empty = await upload('empty.log', '');
      expect(empty.status).toBe(400);
    });
  });
});

describe('file names', () => {
  it.each([
    ['../../etc/passwd.log', 'passwd.log'],
    ['..\\..\\x.txt', 'x.txt'],
    ['/etc/hosts.conf', 'hosts.conf'],
    ['C:\\Windows\\system.ini', 'system.ini'],
    ['.env', '_.env'],
    ['....conf', '_.conf'],
    ['CON.txt', '_CON.txt'],
    ['a\tb\u001bc.md', 'a_b_c.md'],
  ])('stores %j as %j inside the artifacts folder only', async (sent, safe) => {
    const before = await filesUnder(root);
    const { status, body } = await upload(sent, 'KEY=value\n');
    expect(status).toBe(201);
    expect(body.artifact.fileName).toBe(safe);
    expect(body.artifact.originalName).toBe(sent);
    const added = (await filesUnder(root)).filter((f) => !before.includes(f));
    expect(added).toEqual([path.join('artifacts', body.artifact.id)]);
  });

  it.each([['evil.txt\u0000.png'], ['..'], ['../..//'], ['...']])(
    'refuses %j (400) and writes nothing',
    async (sent) => {
      const rows = await rowCount();
      const files = await filesUnder(root);
      const { status, body } = await upload(sent, 'content\n');
      expect(status).toBe(400);
      expect(body.error?.code).toBe('invalid_input');
      expect(await rowCount()).toBe(rows);
      expect(await filesUnder(root)).toEqual(files);
    },
  );

  it('caps a very long name', async () => {
    const { status, body } = await upload(`${'n'.repeat(400)}.log`, 'x\n');
    expect(status).toBe(201);
    expect(Buffer.byteLength(body.artifact.fileName)).toBeLessThanOrEqual(200);
    expect(body.artifact.fileName.endsWith('.log')).toBe(true);
  });
});

describe('ids, delete and logins', () => {
  it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
    const unknown = randomUUID();
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/download'],
      ['DELETE', ''],
      ['POST', '/analyze'],
    ] as const) {
      const bad = await svc.request(`/api/artifacts/not-a-uuid${suffix}`, { method });
      expect(bad.status, `${method} ${suffix}`).toBe(400);
      const missing = await svc.request(`/api/artifacts/${unknown}${suffix}`, { method });
      expect(missing.status, `${method} ${suffix}`).toBe(404);
    }
  });

  it('deletes the row and the file', async () => {
    const { body } = await upload('gone.txt', 'bye\n');
    const id = body.artifact.id;
    expect(await filesUnder(dir)).toContain(id);
    const res = await svc.del(`/api/artifacts/${id}`);
    expect(res.status).toBe(200);
    expect(await filesUnder(dir)).not.toContain(id);
    expect((await svc.get(`/api/artifacts/${id}`)).status).toBe(404);
    expect((await svc.del(`/api/artifacts/${id}`)).status).toBe(404);
  });

  it('says when a file went missing from disk, and still deletes its row', async () => {
    const { body } = await upload('lost.txt', 'here today\n');
    await rm(path.join(dir, body.artifact.id));
    const res = await svc.get(`/api/artifacts/${body.artifact.id}/download`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /file is missing/,
    );
    expect((await svc.del(`/api/artifacts/${body.artifact.id}`)).status).toBe(200);
  });

  it('answers 401 without a login and stores nothing', async () => {
    const rows = await rowCount();
    const id = (await list()).artifacts[0]?.id ?? randomUUID();
    const anon = [
      await svc.anonymous('/api/artifacts'),
      await svc.anonymous(`/api/artifacts/${id}`),
      await svc.anonymous(`/api/artifacts/${id}/download`),
      await svc.anonymous('/api/artifacts', {
        method: 'POST',
        headers: FORM,
        body: multipart([{ name: 'file', fileName: 'anon.log', content: 'x\n' }]),
      }),
      await svc.anonymous(`/api/artifacts/${id}`, { method: 'DELETE' }),
      await svc.anonymous(`/api/artifacts/${id}/analyze`, { method: 'POST' }),
    ];
    expect(anon.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(await rowCount()).toBe(rows);
    expect((await svc.get(`/api/artifacts/${id}`)).status).toBe(200);
  });
});

describe('AI analysis', () => {
  const deps = () => ({
    sql: sqlOverPool(pool),
    artifactsDir: dir,
    analyzer: createTextAnalyzer({
      apiKey: 'sk-test-artifacts',
      baseUrl: openai.baseUrl,
      model: 'gpt-test',
      analysisModel: 'gpt-test-analysis',
      timeoutMs: 10_000,
    }),
  });

  it('analyses a compose file through the model and stores the analysis with the artifact', async () => {
    const compose =
      'services:\n  plex:\n    image: plexinc/pms-docker\n    ports: ["32400:32400"]\n';
    const { body } = await upload('docker-compose.yml', compose);
    openai.answer(
      JSON.stringify({
        summary: 'Plex runs without a volume for its library.',
        findings: [
          { severity: 'info', title: 'Port published', detail: '32400 is open', likelyCause: null },
          {
            severity: 'warning',
            title: 'No volume',
            detail: 'the config is lost on recreate',
            likelyCause: 'volumes missing',
          },
        ],
      }),
    );
    const ctx = jobContext();
    const result = await analyzeArtifact(deps(), body.artifact.id, ctx);
    expect(result).toMatchObject({ artifactId: body.artifact.id, findings: 2 });
    const asked = openai.requests.at(-1);
    expect(asked?.model).toBe('gpt-test-analysis');
    expect(JSON.stringify(asked?.messages)).toContain('a Docker compose file named');
    expect(JSON.stringify(asked?.messages)).toContain('plexinc/pms-docker');
    const res = await svc.get(`/api/artifacts/${body.artifact.id}`);
    const { artifact } = (await res.json()) as { artifact: ArtifactView };
    expect(artifact.analysisStatus).toBe('done');
    expect(artifact.analysis?.summary).toBe('Plex runs without a volume for its library.');
    expect(artifact.analysis?.findings.map((f) => f.severity)).toEqual(['info', 'warning']);
    expect(artifact.analysis?.model).toBe('gpt-test-analysis');
    expect(ctx.updates.at(-1)).toBe('2 findings');
  });

  it('refuses to analyse a file whose checksum no longer matches, and records why', async () => {
    const { body } = await upload('settings.toml', 'a = 1\n');
    await writeFile(path.join(dir, body.artifact.id), 'a = 2\n');
    const asked = openai.requests.length;
    await expect(analyzeArtifact(deps(), body.artifact.id, jobContext())).rejects.toBeInstanceOf(
      JobFailure,
    );
    expect(openai.requests.length).toBe(asked);
    const { artifact } = (await (await svc.get(`/api/artifacts/${body.artifact.id}`)).json()) as {
      artifact: ArtifactView;
    };
    expect(artifact.analysisStatus).toBe('failed');
    expect(artifact.analysisError).toMatch(/checksum/);
  });

  it('keeps a failed model call queued for the next attempt, failed after the last', async () => {
    const { body } = await upload('server.log', 'ERROR boom\n');
    openai.answer({ status: 500, message: 'the stand-in is down' });
    await expect(analyzeArtifact(deps(), body.artifact.id, jobContext(1, 2))).rejects.toThrow();
    let row = (
      await pool.query('SELECT analysis_status, analysis_error FROM artifacts WHERE id = $1', [
        body.artifact.id,
      ])
    ).rows[0] as { analysis_status: string; analysis_error: string };
    expect(row.analysis_status).toBe('queued');
    expect(row.analysis_error).toMatch(/attempt 1 failed/);
    openai.answer({ status: 500, message: 'the stand-in is down' });
    await expect(analyzeArtifact(deps(), body.artifact.id, jobContext(2, 2))).rejects.toThrow();
    row = (
      await pool.query('SELECT analysis_status, analysis_error FROM artifacts WHERE id = $1', [
        body.artifact.id,
      ])
    ).rows[0] as { analysis_status: string; analysis_error: string };
    expect(row.analysis_status).toBe('failed');
  });

  it('queues an analysis through the job queue, refuses a second one meanwhile, and stores the result', async () => {
    const { body } = await upload('nginx.conf', 'server {\n  listen 80;\n  root /srv;\n}\n');
    const id = body.artifact.id;
    // The model answers late, so the job is still busy when the second request comes.
    openai.answer({
      content: JSON.stringify({
        summary: 'A plain static site on port 80.',
        findings: [
          { severity: 'warning', title: 'No TLS', detail: 'listen 80', likelyCause: null },
        ],
      }),
      delayMs: 1_500,
    });
    const res = await svc.post(`/api/artifacts/${id}/analyze`, {});
    expect(res.status).toBe(202);
    const queued = (await res.json()) as { artifact: ArtifactView; jobId: string };
    expect(queued.artifact.analysisStatus).toBe('queued');
    expect(queued.artifact.analysisJobId).toBe(queued.jobId);
    const again = await svc.post(`/api/artifacts/${id}/analyze`, {});
    expect(again.status).toBe(409);
    const done = await eventually(async () => {
      const r = await svc.get(`/api/artifacts/${id}`);
      const { artifact } = (await r.json()) as { artifact: ArtifactView };
      expect(artifact.analysisStatus).toBe('done');
      return artifact;
    }, 20_000);
    expect(done.analysis?.summary).toBe('A plain static site on port 80.');
    expect(done.analysis?.findings[0]?.title).toBe('No TLS');
    expect(JSON.stringify(openai.requests.at(-1)?.messages)).toContain(
      'a configuration file named',
    );
    const job = await svc.get(`/api/jobs/${queued.jobId}`);
    expect(job.status).toBe(200);
    expect(((await job.json()) as { status: string }).status).toBe('succeeded');
  });

  it('records a cancelled analysis and lets it be asked for again', async () => {
    const { body } = await upload('slow.log', 'WARN slow\n');
    const id = body.artifact.id;
    openai.answer({ content: '{"summary":"late","findings":[]}', delayMs: 5_000 });
    const first = (await (await svc.post(`/api/artifacts/${id}/analyze`, {})).json()) as {
      jobId: string;
    };
    await eventually(async () => {
      const { artifact } = (await (await svc.get(`/api/artifacts/${id}`)).json()) as {
        artifact: ArtifactView;
      };
      expect(artifact.analysisStatus).toBe('running');
    });
    expect((await svc.post(`/api/jobs/${first.jobId}/cancel`, {})).status).toBe(200);
    const failed = await eventually(async () => {
      const { artifact } = (await (await svc.get(`/api/artifacts/${id}`)).json()) as {
        artifact: ArtifactView;
      };
      expect(artifact.analysisStatus).toBe('failed');
      return artifact;
    });
    expect(failed.analysisError).toBe('the analysis was cancelled');
    openai.answer('{"summary":"Only a slow request.","findings":[]}');
    const again = await svc.post(`/api/artifacts/${id}/analyze`, {});
    expect(again.status).toBe(202);
    const done = await eventually(async () => {
      const { artifact } = (await (await svc.get(`/api/artifacts/${id}`)).json()) as {
        artifact: ArtifactView;
      };
      expect(artifact.analysisStatus).toBe('done');
      return artifact;
    }, 20_000);
    expect(done.analysis?.summary).toBe('Only a slow request.');
  });

  it('refuses to analyse a binary artifact (415)', async () => {
    const pdf = await upload('manual.pdf', '%PDF-1.4\n%âãÏÓ\n');
    expect(pdf.status).toBe(201);
    const res = await svc.post(`/api/artifacts/${pdf.body.artifact.id}/analyze`, {});
    expect(res.status).toBe(415);
  });
});

describe('without an AI configured', () => {
  it('answers 503 not_configured with what to set, and queues nothing', async () => {
    const plain = await startTestService({ ARTIFACTS_DIR: path.join(root, 'plain') });
    try {
      const up = await plain.request('/api/artifacts', {
        method: 'POST',
        headers: FORM,
        body: multipart([{ name: 'file', fileName: 'app.log', content: 'ERROR x\n' }]),
      });
      expect(up.status).toBe(201);
      const { artifact } = (await up.json()) as { artifact: ArtifactView };
      const res = await plain.post(`/api/artifacts/${artifact.id}/analyze`, {});
      expect(res.status).toBe(503);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('not_configured');
      expect(error.message).toMatch(/OPENAI_API_KEY/);
      const after = (await (await plain.get(`/api/artifacts/${artifact.id}`)).json()) as {
        artifact: ArtifactView;
      };
      expect(after.artifact.analysisStatus).toBe('none');
      const listed = (await (await plain.get('/api/artifacts')).json()) as {
        analysisConfigured: boolean;
      };
      expect(listed.analysisConfigured).toBe(false);
    } finally {
      await plain.stop();
    }
  });
});

describe('start-up', () => {
  it('tightens the folder and removes what a crash left, keeping young files and others', async () => {
    const crashed = path.join(root, 'crashed');
    await mkdir(crashed, { mode: 0o755 });
    await chmod(crashed, 0o755);
    const old = new Date(Date.now() - 3_600_000);
    const orphan = randomUUID();
    const young = randomUUID();
    for (const name of [orphan, '.upload-2b1f', young, 'README']) {
      await writeFile(path.join(crashed, name), 'x');
      if (name !== young) await utimes(path.join(crashed, name), old, old);
    }
    const fresh = await startTestService({ ARTIFACTS_DIR: crashed });
    try {
      expect((await stat(crashed)).mode & 0o777).toBe(0o700);
      expect((await readdir(crashed)).sort()).toEqual(['README', young].sort());
    } finally {
      await fresh.stop();
    }
  });
});
