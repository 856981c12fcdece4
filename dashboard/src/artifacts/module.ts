// Artifacts as one piece for the composition root: the folder (made at start,
// owner only, swept of what a crash left), the table, the service, its routes
// and the analysis the `ai-analysis` job runs for target 'artifact'.
// service.ts awaits `start()`, mounts `routes` under /api/artifacts.
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { TextAnalyzer } from '../ai/analysis.ts';
import type { Config } from '../config.ts';
import type { JobContext, JobQueue } from '../jobs/types.ts';
import { analyzeArtifact } from './analysis-job.ts';
import { createArtifactFiles } from './artifact-files.ts';
import { createArtifactStore } from './artifact-store.ts';
import { artifactRoutes } from './artifacts.routes.ts';
import { createArtifactsService } from './artifacts.ts';

export interface ArtifactsModuleDeps {
  config: Pick<Config, 'artifacts'>;
  sql: SqlDatabase;
  /** The queue `ai-analysis` jobs go to (absent: analyses are unavailable). */
  jobs: JobQueue | undefined;
  analyzer: TextAnalyzer;
  logger: Logger;
}

export async function createArtifactsModule(deps: ArtifactsModuleDeps) {
  const { dir, maxBytes } = deps.config.artifacts;
  const files = createArtifactFiles(dir);
  const store = createArtifactStore(deps.sql);
  await files.prepare();
  const removed = await files.sweep(await store.storagePaths());
  if (removed.length > 0) {
    deps.logger.warn({ dir, removed }, 'removed artifact files that had no row (left by a crash)');
  }
  const service = createArtifactsService({ ...deps, store, files, maxBytes });
  const analysisDeps = { sql: deps.sql, artifactsDir: dir, analyzer: deps.analyzer };
  return {
    service,
    routes: artifactRoutes(service),
    /** Enqueues an `ai-analysis` job for the artifact (its row says 'queued' in the same commit). */
    requestAnalysis: (artifactId: string, requestedBy: string) =>
      service.requestAnalysis(artifactId, requestedBy),
    /** What the `ai-analysis` handler runs for `{ target: 'artifact', artifactId }`. */
    analyze: (artifactId: string, ctx: JobContext) =>
      analyzeArtifact(analysisDeps, artifactId, ctx),
    async stop() {},
  };
}

export type ArtifactsModule = Awaited<ReturnType<typeof createArtifactsModule>>;
