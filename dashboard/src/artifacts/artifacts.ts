// The artifacts feature without HTTP: upload, list, read, delete and ask for an
// analysis. The row is removed before the file, so a failure between the two
// leaves at most a file without a row (the start-up sweep removes it), never a
// row pointing at nothing.
import type { SqlDatabase } from '@homelab/nats';
import type { TextAnalyzer } from '../ai/analysis.ts';
import { DomainError } from '../domain/errors.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { ArtifactFiles } from './artifact-files.ts';
import type { Artifact, ArtifactStore } from './artifact-store.ts';
import { requestAnalysis } from './analysis-request.ts';
import { storeUpload, type UploadRequest } from './uploads.ts';

export interface ArtifactsDeps {
  sql: SqlDatabase;
  store: ArtifactStore;
  files: ArtifactFiles;
  /** The queue `ai-analysis` jobs go to (absent: analyses are unavailable). */
  jobs: JobQueue | undefined;
  analyzer: TextAnalyzer;
  maxBytes: number;
}

const missing = (id: string) => new DomainError('not_found', `no artifact ${id}`);

export function createArtifactsService(deps: ArtifactsDeps) {
  async function get(id: string): Promise<Artifact> {
    const artifact = await deps.store.get(id);
    if (!artifact) throw missing(id);
    return artifact;
  }

  return {
    maxBytes: deps.maxBytes,
    get analysisConfigured() {
      return deps.analyzer.configured;
    },
    upload: (req: UploadRequest) => storeUpload(deps, req),
    list: (limit: number, offset: number) => deps.store.list(limit, offset),
    get,

    /** The artifact and a stream of its file (none for `head`: only checked to be there). */
    async open(id: string, head = false) {
      const artifact = await get(id);
      const stream = await deps.files.read(artifact.storagePath, head);
      return { artifact, stream };
    },

    async remove(id: string): Promise<Artifact> {
      const artifact = await deps.store.remove(id);
      if (!artifact) throw missing(id);
      await deps.files.remove(artifact.storagePath);
      return artifact;
    },

    requestAnalysis: (id: string, requestedBy: string) => requestAnalysis(deps, id, requestedBy),
  };
}

export type ArtifactsService = ReturnType<typeof createArtifactsService>;
