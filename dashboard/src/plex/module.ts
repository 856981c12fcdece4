// The Plex media import as one piece for the composition root: the import
// store, the Plex client (when PLEX_URL is set), the plex-import job handler,
// the /api/plex routes, and requestImport for Jarvis's import_media tool.
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import { DomainError } from '../domain/errors.ts';
import type { JobQueue } from '../jobs/types.ts';
import { createImportStore } from './import-store.ts';
import { createImporter, importPayload, type ImportMode } from './importer.ts';
import { createPlexClient } from './plex-client.ts';
import { plexRoutes } from './plex.routes.ts';
import { requireSettings, type PlexSettings } from './settings.ts';
import { plexStatus } from './status.ts';

export interface PlexModuleDeps {
  /** config.plex (PLEX_URL, PLEX_TOKEN, PLEX_IMPORT_DIR, PLEX_MOVIES_DIR, PLEX_TV_DIR). */
  config: { plex: PlexSettings };
  sql: SqlDatabase;
  jobs: JobQueue;
  logger: Logger;
}

export function createPlexModule(deps: PlexModuleDeps) {
  const settings = deps.config.plex;
  const store = createImportStore(deps.sql);
  const plex = settings.url ? createPlexClient({ url: settings.url, token: settings.token }) : null;
  const importer = createImporter({ settings, store, plex });

  /** Queues a plex-import job; one import at a time (a second one waits for nothing: 409). */
  async function requestImport(
    input: { mode: ImportMode },
    requestedBy: string,
  ): Promise<{ jobId: string }> {
    const parsed = importPayload.safeParse(input);
    if (!parsed.success) {
      throw new DomainError('invalid_input', "mode must be 'move' or 'copy'", {
        cause: parsed.error,
      });
    }
    requireSettings(settings);
    const [queued, running] = await Promise.all([
      deps.jobs.list({ kind: 'plex-import', status: 'queued', limit: 1 }),
      deps.jobs.list({ kind: 'plex-import', status: 'running', limit: 1 }),
    ]);
    const active = queued[0] ?? running[0];
    if (active) {
      throw new DomainError(
        'conflict',
        `an import is already ${active.status} (job ${active.id}); wait for it to finish`,
      );
    }
    const job = await deps.jobs.enqueue('plex-import', parsed.data, { requestedBy });
    deps.logger.info({ jobId: job.id, mode: parsed.data.mode, requestedBy }, 'Plex import queued');
    return { jobId: job.id };
  }

  const status = () => plexStatus(settings, plex);

  async function job(jobId: string) {
    const record = await deps.jobs.get(jobId);
    if (record.kind !== 'plex-import')
      throw new DomainError('not_found', `job ${jobId} is not a Plex import`);
    return record;
  }

  return {
    routes: plexRoutes({ importer, store, status, requestImport, job }),
    handler: importer.handler,
    handlers: [importer.handler],
    requestImport,
    status,
    /** Files waiting in the import folder with their planned names (Jarvis, the page). */
    pending: () => importer.preview(),
    async stop() {},
  };
}

export type PlexModule = ReturnType<typeof createPlexModule>;
