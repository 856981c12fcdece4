// The one handler of `ai-analysis` jobs. Container logs are read through the
// container manager, analyzed and stored as a log_analyses row; artifacts are
// handed to the artifacts feature (artifacts/analysis-job.ts), which stores
// its analysis with the artifact.
import type { SqlDatabase } from '@homelab/nats';
import { z } from 'zod';
import { analyzeArtifact } from '../artifacts/analysis-job.ts';
import type { ContainerManager } from '../domain/container-manager.ts';
import { checkContainerRef } from '../domain/containers.ts';
import { DomainError } from '../domain/errors.ts';
import { JobFailure, type JobContext, type JobHandler } from '../jobs/types.ts';
import type { TextAnalyzer } from './analysis.ts';
import type { LogAnalysisStore } from './log-analysis-store.ts';
import { NOT_CONFIGURED } from './openai-client.ts';

export const LOG_ANALYSIS_TAIL = { min: 10, max: 2_000, default: 300 } as const;

const HOST = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export const analysisPayload = z.discriminatedUnion('target', [
  z.object({
    target: z.literal('container-logs'),
    host: z.string().regex(HOST, 'expected a Docker host name'),
    container: z.string().refine((v) => {
      try {
        return checkContainerRef(v) === v;
      } catch {
        return false;
      }
    }, 'expected a container id or name'),
    tail: z
      .number()
      .int()
      .min(LOG_ANALYSIS_TAIL.min)
      .max(LOG_ANALYSIS_TAIL.max)
      .default(LOG_ANALYSIS_TAIL.default),
    requestedBy: z.string().max(100).default('system'),
  }),
  z.object({ target: z.literal('artifact'), artifactId: z.uuid() }),
]);
export type AnalysisPayload = z.output<typeof analysisPayload>;

export interface AnalysisJobDeps {
  sql: SqlDatabase;
  analyzer: TextAnalyzer;
  containers: ContainerManager;
  store: LogAnalysisStore;
  /** ARTIFACTS_DIR, for artifact analyses. */
  artifactsDir: string;
}

/** Errors a retry cannot mend become JobFailure (not found, not configured, bad input). */
function final(err: unknown): unknown {
  if (err instanceof DomainError && err.code !== 'unavailable') {
    return new JobFailure(err.message, { cause: err });
  }
  return err;
}

async function analyzeLogs(
  deps: AnalysisJobDeps,
  p: Extract<AnalysisPayload, { target: 'container-logs' }>,
  ctx: JobContext,
) {
  const done = await deps.store.byJob(ctx.jobId);
  if (done) return { analysisId: done.id, findings: done.findings.length, model: done.model };
  if (!deps.analyzer.configured) throw new JobFailure(NOT_CONFIGURED);
  ctx.progress({ percent: 10, message: `reading the last ${p.tail} lines of ${p.container}` });
  const container = await deps.containers.container(p.host, p.container);
  const lines = await deps.containers.logs(p.host, container.id, { tail: p.tail });
  const text = lines.map((l) => `${l.stream === 'stderr' ? '[stderr] ' : ''}${l.text}`).join('\n');
  let analysis;
  if (lines.length === 0) {
    analysis = { summary: `${container.name} wrote no log lines.`, findings: [], model: 'none' };
  } else {
    ctx.progress({ percent: 30, message: `analyzing ${lines.length} lines of ${container.name}` });
    analysis = await deps.analyzer.analyze(
      { kind: 'logs', name: container.name, text },
      ctx.signal,
    );
  }
  const stored = await deps.store.add({
    host: p.host,
    containerId: container.id,
    containerName: container.name,
    lineCount: lines.length,
    summary: analysis.summary,
    findings: analysis.findings,
    model: analysis.model,
    jobId: ctx.jobId,
    requestedBy: p.requestedBy,
  });
  ctx.progress({ percent: 100, message: `${stored.findings.length} findings` });
  return { analysisId: stored.id, findings: stored.findings.length, model: stored.model };
}

export function createAnalysisJobHandler(deps: AnalysisJobDeps): JobHandler<AnalysisPayload> {
  return {
    kind: 'ai-analysis',
    payload: analysisPayload,
    async run(payload, ctx) {
      switch (payload.target) {
        case 'container-logs':
          try {
            return await analyzeLogs(deps, payload, ctx);
          } catch (err) {
            throw final(err);
          }
        case 'artifact':
          return analyzeArtifact(
            { sql: deps.sql, artifactsDir: deps.artifactsDir, analyzer: deps.analyzer },
            payload.artifactId,
            ctx,
          );
      }
    },
  };
}
