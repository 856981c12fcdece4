// The Plex media import against the real dashboard (Postgres, nats-server, its
// job queue), temporary folders and the Plex stand-in (tools/test-env): names,
// duplicates, conflicts, the library refresh with the token, Plex being down or
// not configured, bad input and symbolic links that lead out of the folder.
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createLogger } from '@homelab/nats/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSql } from '../../tools/test-env/pg-sql.ts';
import { startPlexStandIn, type PlexStandIn } from '../../tools/test-env/plex-stand-in.ts';
import { eventually } from '../../tools/test-env/service-harness.ts';
import type { JobContext } from '../src/jobs/types.ts';
import { createImporter } from '../src/plex/importer.ts';
import { createImportStore } from '../src/plex/import-store.ts';
import { startTestService, type TestService } from './harness.ts';

interface Job {
  status: string;
  result: {
    imported: number;
    duplicates: number;
    failed: number;
    skipped: { path: string; code: string }[];
    refresh: { status: string; note: string; sections: { key: string; path: string | null }[] };
  } | null;
  error: string | null;
}
interface ImportRow {
  sourcePath: string;
  targetPath: string;
  status: string;
  mediaType: string;
  title: string;
  season: number | null;
  episode: number | null;
  error: string | null;
}

let base: string;
let plex: PlexStandIn;
let svc: TestService;
let dirs: { import: string; movies: string; tv: string; outside: string };

async function put(dir: string, rel: string, content: string, mtime?: Date) {
  const file = path.join(dir, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  if (mtime) await utimes(file, mtime, mtime);
  return file;
}

/** Every file below dir, relative, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Starts an import and follows it through GET /api/plex/import/:jobId until it ends. */
async function importAndWait(s: TestService, mode: 'move' | 'copy') {
  const res = await s.post('/api/plex/import', { mode });
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as { jobId: string };
  const { job, imports } = await eventually(async () => {
    const answer = await s.get(`/api/plex/import/${jobId}`);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { job: Job; imports: ImportRow[] };
    expect(['succeeded', 'failed', 'cancelled']).toContain(body.job.status);
    return body;
  }, 30_000);
  expect(job.error).toBeNull();
  expect(job.status).toBe('succeeded');
  return { jobId, job, rows: imports };
}

async function jobCount(s: TestService): Promise<number> {
  const client = new pg.Client({ connectionString: s.database!.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "SELECT count(*) AS n FROM jobs WHERE kind = 'plex-import'",
    );
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe('Plex import', () => {
  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'plex-test-'));
    dirs = {
      import: path.join(base, 'incoming'),
      movies: path.join(base, 'Movies'),
      tv: path.join(base, 'TV Shows'),
      outside: path.join(base, 'private'),
    };
    await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
    plex = await startPlexStandIn({
      sections: [
        { key: '1', type: 'movie', title: 'Movies', locations: [dirs.movies] },
        { key: '2', type: 'show', title: 'TV Shows', locations: [dirs.tv] },
        { key: '3', type: 'artist', title: 'Music', locations: [path.join(base, 'Music')] },
      ],
    });
    svc = await startTestService({
      PLEX_URL: plex.url,
      PLEX_TOKEN: plex.token,
      PLEX_IMPORT_DIR: dirs.import,
      PLEX_MOVIES_DIR: dirs.movies,
      PLEX_TV_DIR: dirs.tv,
    });
  });

  afterAll(async () => {
    await svc?.stop();
    await plex?.close();
    if (base) await rm(base, { recursive: true, force: true });
  });

  it('reports the folders and the sections Plex answers with, never the token', async () => {
    const res = await svc.get('/api/plex/status');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(plex.token);
    expect(JSON.parse(text)).toMatchObject({
      configured: true,
      problems: [],
      importDir: dirs.import,
      moviesDir: dirs.movies,
      tvDir: dirs.tv,
      plex: {
        url: plex.url,
        tokenSet: true,
        reachable: true,
        version: expect.any(String),
        sections: expect.arrayContaining([
          { key: '1', type: 'movie', title: 'Movies', locations: [dirs.movies] },
          { key: '2', type: 'show', title: 'TV Shows', locations: [dirs.tv] },
        ]),
      },
    });
  });

  it('copies movies and episodes under their Plex names, subtitles alongside, and asks Plex to scan them', async () => {
    const mtime = new Date('2021-03-04T05:06:07Z');
    await put(
      dirs.import,
      'The.Matrix.1999.1080p.BluRay.x264-GRP/The.Matrix.1999.1080p.BluRay.x264-GRP.mkv',
      'matrix',
      mtime,
    );
    await put(
      dirs.import,
      'The.Matrix.1999.1080p.BluRay.x264-GRP/The.Matrix.1999.1080p.BluRay.x264-GRP.en.srt',
      'subs',
    );
    await put(dirs.import, 'The.Matrix.1999.1080p.BluRay.x264-GRP/Sample/sample.mkv', 'sample');
    await put(dirs.import, 'The.Matrix.1999.1080p.BluRay.x264-GRP/info.nfo', 'nfo');
    await put(dirs.import, 'Breaking_Bad_S01E02_720p_HDTV.mkv', 'bb-102');
    await put(dirs.import, 'The.Office.US.S02E01-E02.720p.WEB.mp4', 'office');
    await put(dirs.import, 'friends.1x03.avi', 'friends');
    await put(dirs.import, 'holiday-video.mp4', 'mine');

    const pending = (await (await svc.get('/api/plex/pending')).json()) as {
      files: { source: string; target: string }[];
      skipped: { path: string; code: string }[];
    };
    expect(pending.files.map((f) => path.relative(base, f.target)).sort()).toEqual([
      'Movies/The Matrix (1999)/The Matrix (1999).en.srt',
      'Movies/The Matrix (1999)/The Matrix (1999).mkv',
      'TV Shows/Breaking Bad/Season 01/Breaking Bad - S01E02.mkv',
      'TV Shows/Friends/Season 01/Friends - S01E03.avi',
      'TV Shows/The Office US/Season 02/The Office US - S02E01-E02.mp4',
    ]);

    const { job, rows } = await importAndWait(svc, 'copy');
    expect(await tree(dirs.movies)).toEqual([
      'The Matrix (1999)/The Matrix (1999).en.srt',
      'The Matrix (1999)/The Matrix (1999).mkv',
    ]);
    expect(await tree(dirs.tv)).toEqual([
      'Breaking Bad/Season 01/Breaking Bad - S01E02.mkv',
      'Friends/Season 01/Friends - S01E03.avi',
      'The Office US/Season 02/The Office US - S02E01-E02.mp4',
    ]);
    const movie = path.join(dirs.movies, 'The Matrix (1999)/The Matrix (1999).mkv');
    expect(await readFile(movie, 'utf8')).toBe('matrix');
    expect((await stat(movie)).mtime.toISOString()).toBe(mtime.toISOString());
    // A copy leaves the sources, and the import folder holds no temporary files.
    expect(await tree(dirs.import)).toContain('holiday-video.mp4');
    expect((await tree(dirs.import)).length).toBe(8);

    expect(job.result).toMatchObject({ imported: 5, duplicates: 0, failed: 0 });
    expect(job.result!.skipped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'holiday-video.mp4', code: 'unparseable' }),
        expect.objectContaining({
          path: 'The.Matrix.1999.1080p.BluRay.x264-GRP/Sample/sample.mkv',
          code: 'sample',
        }),
        expect.objectContaining({
          path: 'The.Matrix.1999.1080p.BluRay.x264-GRP/info.nfo',
          code: 'not_media',
        }),
      ]),
    );
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.status === 'imported')).toBe(true);
    expect(rows.find((r) => r.sourcePath === 'friends.1x03.avi')).toMatchObject({
      mediaType: 'episode',
      title: 'Friends',
      season: 1,
      episode: 3,
    });

    // The sections whose folders hold the new files, each folder once, with the token.
    expect(job.result!.refresh.status).toBe('done');
    const calls = plex.refreshes.map((r) => [r.sectionKey, r.path, r.tokenVia]);
    expect(calls.sort()).toEqual([
      ['1', path.join(dirs.movies, 'The Matrix (1999)'), 'header'],
      ['2', path.join(dirs.tv, 'Breaking Bad'), 'header'],
      ['2', path.join(dirs.tv, 'Friends'), 'header'],
      ['2', path.join(dirs.tv, 'The Office US'), 'header'],
    ]);
    expect(plex.unauthorized).toBe(0);
  });

  it('skips files already in the library when run again, and asks Plex for nothing', async () => {
    const before = plex.refreshes.length;
    const { job, rows } = await importAndWait(svc, 'copy');
    expect(job.result).toMatchObject({ imported: 0, duplicates: 5, failed: 0 });
    expect(rows.map((r) => r.status)).toEqual(Array(5).fill('skipped_duplicate'));
    expect(job.result!.refresh).toMatchObject({ status: 'skipped' });
    expect(plex.refreshes.length).toBe(before);
  });

  it('never overwrites a different file at the target: a failed row says conflict', async () => {
    await rm(dirs.import, { recursive: true, force: true });
    await mkdir(dirs.import);
    await put(dirs.movies, 'Heat (1995)/Heat (1995).mkv', 'the one already there');
    await put(dirs.import, 'Heat.1995.2160p.UHD.mkv', 'a different release');
    const { job, rows } = await importAndWait(svc, 'move');
    expect(job.result).toMatchObject({ imported: 0, failed: 1 });
    expect(rows).toEqual([
      expect.objectContaining({
        sourcePath: 'Heat.1995.2160p.UHD.mkv',
        status: 'failed',
        error: expect.stringMatching(/^conflict: /),
      }),
    ]);
    expect(await readFile(path.join(dirs.movies, 'Heat (1995)/Heat (1995).mkv'), 'utf8')).toBe(
      'the one already there',
    );
    expect(await tree(dirs.import)).toEqual(['Heat.1995.2160p.UHD.mkv']);
  });

  it('moves files when asked to', async () => {
    await rm(dirs.import, { recursive: true, force: true });
    await mkdir(dirs.import);
    await put(dirs.import, 'Lost.S04E12-E13.1080p.mkv', 'lost');
    const { rows } = await importAndWait(svc, 'move');
    expect(rows).toEqual([expect.objectContaining({ status: 'imported', season: 4, episode: 12 })]);
    expect(await tree(dirs.import)).toEqual([]);
    expect(await readFile(path.join(dirs.tv, 'Lost/Season 04/Lost - S04E12-E13.mkv'), 'utf8')).toBe(
      'lost',
    );
  });

  it('does not follow symbolic links that lead out of the import folder', async () => {
    await put(dirs.outside, 'Secret.Movie.2012.mkv', 'private');
    await put(dirs.outside, 'inner/Other.Film.2013.mkv', 'private too');
    await symlink(
      path.join(dirs.outside, 'Secret.Movie.2012.mkv'),
      path.join(dirs.import, 'Secret.Movie.2012.mkv'),
    );
    await symlink(path.join(dirs.outside, 'inner'), path.join(dirs.import, 'Linked.Folder'));
    const pending = (await (await svc.get('/api/plex/pending')).json()) as {
      files: unknown[];
      skipped: { path: string; code: string }[];
    };
    expect(pending.files).toEqual([]);
    expect(pending.skipped).toEqual([
      expect.objectContaining({ path: 'Linked.Folder', code: 'symlink' }),
      expect.objectContaining({ path: 'Secret.Movie.2012.mkv', code: 'symlink' }),
    ]);
    const { job } = await importAndWait(svc, 'move');
    expect(job.result).toMatchObject({ imported: 0, failed: 0 });
    expect(await tree(dirs.outside)).toEqual([
      'Secret.Movie.2012.mkv',
      'inner/Other.Film.2013.mkv',
    ]);
    expect(await tree(dirs.movies)).not.toContain('Secret Movie (2012)/Secret Movie (2012).mkv');
    await rm(path.join(dirs.import, 'Secret.Movie.2012.mkv'));
    await rm(path.join(dirs.import, 'Linked.Folder'));
  });

  it('answers a dry run with the plan and changes nothing', async () => {
    await put(dirs.import, 'Alien.1979.Directors.Cut.mkv', 'alien');
    const jobs = await jobCount(svc);
    const res = await svc.post('/api/plex/import', { mode: 'move', dryRun: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      dryRun: boolean;
      plan: { files: { source: string; target: string; existing: string }[] };
    };
    expect(body.dryRun).toBe(true);
    expect(body.plan.files).toEqual([
      expect.objectContaining({
        source: 'Alien.1979.Directors.Cut.mkv',
        target: path.join(dirs.movies, 'Alien (1979)/Alien (1979).mkv'),
        existing: 'none',
      }),
    ]);
    expect(await tree(dirs.import)).toEqual(['Alien.1979.Directors.Cut.mkv']);
    expect(await jobCount(svc)).toBe(jobs);
  });

  it('refuses bad input with a 400 that says what is wrong, and moves nothing', async () => {
    const jobs = await jobCount(svc);
    const cases: [unknown, RegExp][] = [
      [{ mode: 'delete' }, /mode must be 'move' or 'copy'/],
      [{}, /mode/],
      [{ mode: 'move', dryRun: 'yes' }, /dryRun must be true or false/],
      [{ mode: 'move', target: '/etc' }, /target/],
      [['move'], /./],
    ];
    for (const [body, message] of cases) {
      const res = await svc.post('/api/plex/import', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('invalid_input');
      expect(error.message).toMatch(message);
    }
    const notJson = await svc.request('/api/plex/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{mode: move',
    });
    expect(notJson.status).toBe(400);
    expect((await svc.get('/api/plex/imports?jobId=not-a-uuid')).status).toBe(400);
    expect((await svc.get('/api/plex/imports?limit=0')).status).toBe(400);
    expect((await svc.get('/api/plex/import/nope')).status).toBe(400);
    expect((await svc.get('/api/plex/import/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
    expect(await tree(dirs.import)).toEqual(['Alien.1979.Directors.Cut.mkv']);
    expect(await jobCount(svc)).toBe(jobs);
    expect((await svc.anonymous('/api/plex/import', { method: 'POST' })).status).toBe(401);
  });

  it('lists the history by job, newest run first', async () => {
    const res = await svc.get('/api/plex/imports');
    expect(res.status).toBe(200);
    const { runs, imports } = (await res.json()) as {
      runs: { jobId: string; imported: number; duplicates: number; failed: number }[];
      imports: ImportRow[];
    };
    expect(runs.map((r) => [r.imported, r.duplicates, r.failed])).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 5, 0],
      [5, 0, 0],
    ]);
    expect(imports.length).toBe(12);
  });

  it('imports while Plex is down and records that the refresh failed', async () => {
    await plex.close();
    const status = (await (await svc.get('/api/plex/status')).json()) as {
      plex: { reachable: boolean; error: string };
    };
    expect(status.plex).toMatchObject({
      reachable: false,
      error: expect.stringMatching(/not reachable/),
    });
    const { job } = await importAndWait(svc, 'move');
    expect(job.result).toMatchObject({ imported: 1, failed: 0 });
    expect(job.result!.refresh.status).toBe('failed');
    expect(job.result!.refresh.note).toMatch(/files are in place.*not reachable/);
    expect(await tree(dirs.movies)).toContain('Alien (1979)/Alien (1979).mkv');
  });

  it('stops between files when the job is cancelled, keeping what was done', async () => {
    const own = await mkdtemp(path.join(tmpdir(), 'plex-cancel-'));
    const sql = openSql(svc.database!.url);
    try {
      for (const n of [1, 2, 3]) await put(path.join(own, 'in'), `Show.S01E0${n}.mkv`, `e${n}`);
      await mkdir(path.join(own, 'tv'));
      const importer = createImporter({
        settings: {
          url: undefined,
          token: undefined,
          importDir: path.join(own, 'in'),
          moviesDir: undefined,
          tvDir: path.join(own, 'tv'),
        },
        store: createImportStore(sql),
        plex: null,
      });
      const cancel = new AbortController();
      const jobId = randomUUID();
      const ctx: JobContext = {
        jobId,
        attempt: 1,
        maxAttempts: 3,
        signal: cancel.signal,
        // Cancelled while the second file is on its way: it finishes, the third never starts.
        progress: ({ message }) => {
          if (message.includes('2 of 3')) cancel.abort('cancel');
        },
        log: createLogger({ level: 'silent', service: 'dashboard', version: 'test' }),
      };
      await expect(importer.handler.run({ mode: 'move' }, ctx)).rejects.toThrow(
        /cancelled after 2 of 3 files/,
      );
      expect(await tree(path.join(own, 'in'))).toEqual(['Show.S01E03.mkv']);
      expect(await tree(path.join(own, 'tv'))).toEqual([
        'Show/Season 01/Show - S01E01.mkv',
        'Show/Season 01/Show - S01E02.mkv',
      ]);
      const rows = await sql.query<{ status: string }>(
        'SELECT status FROM plex_imports WHERE job_id = $1',
        [jobId],
      );
      expect(rows.map((r) => r.status)).toEqual(['imported', 'imported']);
    } finally {
      await sql.end();
      await rm(own, { recursive: true, force: true });
    }
  });
});

describe('Plex import without PLEX_URL', () => {
  let other: TestService;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'plex-nourl-'));
    await Promise.all(['in', 'movies'].map((d) => mkdir(path.join(dir, d))));
    other = await startTestService({
      PLEX_IMPORT_DIR: path.join(dir, 'in'),
      PLEX_MOVIES_DIR: path.join(dir, 'movies'),
    });
  });
  afterAll(async () => {
    await other?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('still imports, and says the refresh was skipped and what to set', async () => {
    const status = (await (await other.get('/api/plex/status')).json()) as {
      configured: boolean;
      plex: { url: null; hint: string };
    };
    expect(status.configured).toBe(true);
    expect(status.plex.url).toBeNull();
    expect(status.plex.hint).toMatch(/PLEX_URL/);
    await put(path.join(dir, 'in'), 'Up.2009.mkv', 'up');
    await put(path.join(dir, 'in'), 'Show.S01E01.mkv', 'no tv library');
    const { job } = await importAndWait(other, 'copy');
    expect(job.result).toMatchObject({ imported: 1 });
    expect(job.result!.skipped).toEqual([
      expect.objectContaining({ path: 'Show.S01E01.mkv', code: 'no_library' }),
    ]);
    expect(job.result!.refresh).toMatchObject({
      status: 'skipped',
      note: expect.stringMatching(/PLEX_URL is not set/),
    });
    expect(await tree(path.join(dir, 'movies'))).toEqual(['Up (2009)/Up (2009).mkv']);
  });
});

describe('Plex import not set up', () => {
  let bare: TestService;
  beforeAll(async () => {
    bare = await startTestService();
  });
  afterAll(() => bare?.stop());

  it('says what to set, and refuses to import or plan with a 503 naming the variables', async () => {
    const status = (await (await bare.get('/api/plex/status')).json()) as {
      configured: boolean;
      problems: string[];
    };
    expect(status.configured).toBe(false);
    expect(status.problems.join(' ')).toMatch(/PLEX_IMPORT_DIR.*PLEX_MOVIES_DIR/);
    for (const res of [
      await bare.post('/api/plex/import', { mode: 'copy' }),
      await bare.get('/api/plex/pending'),
    ]) {
      expect(res.status).toBe(503);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error).toMatchObject({
        code: 'not_configured',
        message: expect.stringMatching(/Set PLEX_IMPORT_DIR/),
      });
    }
    expect(await jobCount(bare)).toBe(0);
  });
});
