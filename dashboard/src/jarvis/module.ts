// Jarvis and log analysis as one piece for the composition root: the OpenAI
// client (made on first use), the stores, the tools over the dashboard's own
// parts, the /api/ai routes and the `ai-analysis` job handler. service.ts
// mounts `routes` under /api/ai and registers `handlers` with the job queue.
import type { SqlDatabase } from '@homelab/nats';
import type OpenAI from 'openai';
import { createAnalysisJobHandler } from '../ai/analysis-job.ts';
import type { TextAnalyzer } from '../ai/analysis.ts';
import { createLogAnalysisStore } from '../ai/log-analysis-store.ts';
import { createOpenAiClient } from '../ai/openai-client.ts';
import { createTextAnalyzer } from '../ai/text-analyzer.ts';
import type { Config } from '../config.ts';
import type { JobHandler, JobQueue } from '../jobs/types.ts';
import { createActionDecisions } from './actions.ts';
import { jarvisRoutes } from './routes.ts';
import { createJarvisStore } from './store.ts';
import { createJarvisTools, type JarvisToolDeps } from './tools.ts';

export interface JarvisModuleDeps extends JarvisToolDeps {
  config: Pick<Config, 'ai' | 'artifacts'>;
  sql: SqlDatabase;
  /** The job queue log analyses are enqueued on. */
  jobs?: JobQueue;
  /** Aborted when the service stops: open chat streams end. */
  shutdown: AbortSignal;
  /** Shared with the artifacts feature; made here when not given. */
  analyzer?: TextAnalyzer;
}

export function createJarvisModule(deps: JarvisModuleDeps) {
  const { ai } = deps.config;
  let client: OpenAI | undefined;
  const store = createJarvisStore(deps.sql);
  const analyses = createLogAnalysisStore(deps.sql);
  const tools = createJarvisTools(deps);
  const analyzer = deps.analyzer ?? createTextAnalyzer(ai);
  const handler = createAnalysisJobHandler({
    sql: deps.sql,
    analyzer,
    containers: deps.containers,
    store: analyses,
    artifactsDir: deps.config.artifacts.dir,
  });

  return {
    routes: jarvisRoutes({
      config: ai,
      chat: {
        client: () => (client ??= createOpenAiClient(ai)),
        model: ai.model,
        timeoutMs: ai.timeoutMs,
        tools,
      },
      store,
      decisions: createActionDecisions(store, tools),
      analyses,
      containers: deps.containers,
      jobs: deps.jobs,
      shutdown: deps.shutdown,
    }),
    handlers: [handler] as JobHandler[],
    analyzer,
    async stop() {},
  };
}
