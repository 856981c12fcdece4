// /api/plex: whether the import is set up and Plex answers, what waits in the
// import folder and where it would go, starting an import (or a dry run), and
// the history of imports.
import { Hono } from 'hono';
import { z } from 'zod';
import { parseInput, readJson } from '../http/errors.ts';
import { currentUser } from '../http/session.ts';
import { importModes, type ImportMode, type Importer } from './importer.ts';
import type { ImportStore } from './import-store.ts';
import type { PlexStatus } from './status.ts';
import type { JobRecord } from '../jobs/types.ts';

export const HISTORY_LIMIT = { min: 1, max: 500, default: 100 } as const;

const importBody = z.strictObject({
  mode: importModes,
  dryRun: z.boolean({ error: 'dryRun must be true or false' }).optional(),
});

const historyQuery = z.object({
  jobId: z.uuid({ error: 'jobId must be a job id (a UUID)' }).optional(),
  limit: z.coerce
    .number({ error: `limit must be a number (${HISTORY_LIMIT.min}-${HISTORY_LIMIT.max})` })
    .int()
    .min(HISTORY_LIMIT.min)
    .max(HISTORY_LIMIT.max)
    .default(HISTORY_LIMIT.default),
});

export interface PlexRouteDeps {
  importer: Importer;
  store: ImportStore;
  status(): Promise<PlexStatus>;
  requestImport(input: { mode: ImportMode }, requestedBy: string): Promise<{ jobId: string }>;
  /** An import job's state (progress, result), for the page to follow it. */
  job(jobId: string): Promise<JobRecord>;
}

const jobIdParam = z.object({ jobId: z.uuid({ error: 'expected a job id (a UUID)' }) });

export function plexRoutes(deps: PlexRouteDeps) {
  return new Hono()
    .get('/status', async (c) => c.json(await deps.status()))

    .get('/pending', async (c) => c.json(await deps.importer.preview()))

    .post('/import', async (c) => {
      const { mode, dryRun } = await readJson(c, importBody);
      if (dryRun) return c.json({ dryRun: true, mode, plan: await deps.importer.preview() });
      const { jobId } = await deps.requestImport({ mode }, currentUser(c).username);
      return c.json({ jobId, mode }, 202);
    })

    .get('/import/:jobId', async (c) => {
      const { jobId } = parseInput(jobIdParam, c.req.param());
      const [job, imports] = await Promise.all([
        deps.job(jobId),
        deps.store.list({ jobId, limit: HISTORY_LIMIT.max }),
      ]);
      return c.json({ job, imports });
    })

    .get('/imports', async (c) => {
      const { jobId, limit } = parseInput(historyQuery, c.req.query());
      const [runs, imports] = await Promise.all([
        deps.store.runs(Math.min(limit, 50)),
        deps.store.list({ jobId, limit }),
      ]);
      return c.json({ runs, imports });
    });
}
