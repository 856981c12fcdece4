// The AI analysis of one uploaded text-like artifact, as the `ai-analysis` job
// runs it (target 'artifact'; the job handler lives with Jarvis and calls
// analyzeArtifact). The stored file is read and its checksum verified first; the
// artifact's row tells the UI where the analysis stands: running, then done with
// the analysis, or failed with the reason (queued again while retries remain).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlDatabase } from '@homelab/nats';
import type { TextAnalyzer } from '../ai/analysis.ts';
import { DomainError } from '../domain/errors.ts';
import { JobFailure, type JobContext } from '../jobs/types.ts';
import { createArtifactStore, type ArtifactStore } from './artifact-store.ts';
import { analysisKindOf } from './file-types.ts';

/** At most this much text goes to the analyzer (it cuts further to the model's budget). */
const MAX_TEXT_BYTES = 2 * 1024 * 1024;

export interface ArtifactAnalysisDeps {
  sql: SqlDatabase;
  /** ARTIFACTS_DIR (config.artifacts.dir). */
  artifactsDir: string;
  analyzer: TextAnalyzer;
}

export interface ArtifactAnalysisResult {
  artifactId: string;
  status: 'done';
  findings: number;
  model: string;
}

/** Errors a retry cannot mend: nothing to analyse, no AI configured, bad input. */
function retryable(err: unknown): boolean {
  if (err instanceof JobFailure) return err.retry;
  if (err instanceof DomainError) return err.code === 'unavailable';
  return true;
}

/** The text of the file: all of it, or its start (its end for logs) past MAX_TEXT_BYTES. */
function textOf(bytes: Buffer, logs: boolean): string {
  if (bytes.length <= MAX_TEXT_BYTES) return bytes.toString('utf8');
  const part = logs
    ? bytes.subarray(bytes.length - MAX_TEXT_BYTES)
    : bytes.subarray(0, MAX_TEXT_BYTES);
  // A cut may split a character: drop the replacement character it leaves at the edge.
  return new TextDecoder().decode(part).replace(logs ? /^\uFFFD+/ : /\uFFFD+$/, '');
}

async function run(store: ArtifactStore, deps: ArtifactAnalysisDeps, id: string, ctx: JobContext) {
  const artifact = await store.get(id);
  if (!artifact) throw new JobFailure(`artifact ${id} no longer exists (deleted?)`);
  if (!artifact.textLike) {
    throw new JobFailure(`"${artifact.fileName}" is not a text file: only text can be analysed`);
  }
  // A redelivery after the analysis was stored (a crash before the ack) asks the AI again for nothing.
  if (
    artifact.analysisStatus === 'done' &&
    artifact.analysisJobId === ctx.jobId &&
    artifact.analysis
  ) {
    const { analysis } = artifact;
    return {
      artifactId: id,
      status: 'done' as const,
      findings: analysis.findings.length,
      model: analysis.model,
    };
  }
  if (!deps.analyzer.configured) {
    throw new JobFailure(
      'no AI is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a local server)',
    );
  }
  if (!(await store.markRunning(id, ctx.jobId))) {
    throw new JobFailure(`artifact ${id} no longer exists (deleted?)`);
  }
  ctx.progress({ percent: 10, message: `reading ${artifact.fileName}` });
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(deps.artifactsDir, artifact.storagePath));
  } catch (cause) {
    throw new JobFailure(`the stored file of "${artifact.fileName}" cannot be read`, { cause });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== artifact.sha256 || bytes.length !== artifact.sizeBytes) {
    throw new JobFailure(
      `the stored file of "${artifact.fileName}" does not match its checksum: it was changed or damaged on disk`,
    );
  }
  const kind = analysisKindOf(artifact.fileName);
  ctx.progress({ percent: 30, message: `analysing ${artifact.fileName} (${kind})` });
  const analysis = await deps.analyzer.analyze(
    { kind, name: artifact.fileName, text: textOf(bytes, kind === 'logs') },
    ctx.signal,
  );
  await store.markDone(id, analysis, new Date());
  ctx.progress({ percent: 100, message: `${analysis.findings.length} findings` });
  return {
    artifactId: id,
    status: 'done' as const,
    findings: analysis.findings.length,
    model: analysis.model,
  };
}

/**
 * Analyses artifact `artifactId` and stores the analysis in its row. A failure is stored
 * as the row's analysis_error (status failed, or queued while the job has attempts left)
 * and thrown again for the job queue: a JobFailure with retry false when a retry cannot help.
 */
export async function analyzeArtifact(
  deps: ArtifactAnalysisDeps,
  artifactId: string,
  ctx: JobContext,
): Promise<ArtifactAnalysisResult> {
  const store = createArtifactStore(deps.sql);
  try {
    return await run(store, deps, artifactId, ctx);
  } catch (err) {
    const message = ctx.signal.aborted
      ? 'the analysis was cancelled'
      : err instanceof Error
        ? err.message
        : String(err);
    const again = !ctx.signal.aborted && retryable(err) && ctx.attempt < ctx.maxAttempts;
    const shown = again ? `attempt ${ctx.attempt} failed, trying again: ${message}` : message;
    await store.markFailed(artifactId, shown, !again).catch((cause: unknown) => {
      ctx.log.warn({ err: cause, artifactId }, 'recording the failed analysis failed');
    });
    if (err instanceof JobFailure) throw err;
    throw retryable(err) ? err : new JobFailure(message, { cause: err });
  }
}
