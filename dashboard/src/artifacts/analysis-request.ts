// Asking for an artifact's AI analysis: the row turns 'queued' and the
// `ai-analysis` job is stored in the same transaction, so neither exists
// without the other. One analysis at a time per artifact.
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@homelab/nats';
import type { TextAnalyzer } from '../ai/analysis.ts';
import { DomainError } from '../domain/errors.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { Artifact, ArtifactStore } from './artifact-store.ts';

export interface AnalysisRequestDeps {
  sql: SqlDatabase;
  store: ArtifactStore;
  /** Absent while the job queue is not wired: analyses are then unavailable. */
  jobs: JobQueue | undefined;
  analyzer: TextAnalyzer;
}

/** Whether the job behind a queued/running row still lives (a cancelled one frees the row). */
async function jobStillActive(jobs: JobQueue, jobId: string | null): Promise<boolean> {
  if (!jobId) return false;
  try {
    const job = await jobs.get(jobId);
    return job.status === 'queued' || job.status === 'running';
  } catch {
    return false;
  }
}

export async function requestAnalysis(
  deps: AnalysisRequestDeps,
  artifactId: string,
  requestedBy: string,
): Promise<{ artifact: Artifact; jobId: string }> {
  const { jobs } = deps;
  // The job's state is read before the transaction (the queue has its own connections; an
  // embedded database has one): the row lock then confirms nobody queued another meanwhile.
  const seen = await deps.store.get(artifactId);
  const seenActive = jobs && seen ? await jobStillActive(jobs, seen.analysisJobId) : false;
  return deps.sql.transaction(async (tx) => {
    const artifact = await deps.store.getForUpdate(tx, artifactId);
    if (!artifact) throw new DomainError('not_found', `no artifact ${artifactId}`);
    if (!artifact.textLike) {
      throw new DomainError(
        'unsupported_type',
        `"${artifact.fileName}" is not a text file: only logs, configs, compose and other text files can be analysed`,
      );
    }
    if (!deps.analyzer.configured) {
      throw new DomainError(
        'not_configured',
        'AI analysis is off: set OPENAI_API_KEY (and OPENAI_BASE_URL for a local OpenAI-compatible server)',
      );
    }
    if (!jobs) {
      throw new DomainError(
        'unavailable',
        'the job queue is not running: analyses cannot be queued',
      );
    }
    const busy = artifact.analysisStatus === 'queued' || artifact.analysisStatus === 'running';
    const sameJob = artifact.analysisJobId === seen?.analysisJobId;
    if (busy && (seenActive || !sameJob)) {
      throw new DomainError(
        'conflict',
        `"${artifact.fileName}" is already being analysed (job ${artifact.analysisJobId})`,
      );
    }
    const jobId = randomUUID();
    await deps.store.markQueued(tx, artifactId, jobId);
    const job = await jobs.enqueue(
      'ai-analysis',
      { target: 'artifact', artifactId },
      { requestedBy, tx, jobId },
    );
    const queued = await deps.store.get(artifactId, tx);
    return { artifact: queued ?? artifact, jobId: job.id };
  });
}
