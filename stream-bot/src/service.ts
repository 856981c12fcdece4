// The composition of stream-bot: on the frame every service shares (database,
// bus, outbox relay, HTTP listener) its fact store, its queries and its HTTP
// app. Used by main.ts and by tests that run the service in-process.
import { fileURLToPath } from 'node:url';
import { events, queries, startQueryService } from '@homelab/nats';
import {
  announceStart,
  composeService,
  type ClientAdapter,
  type Logger,
  type ServiceParts,
} from '@homelab/nats/runtime';
import { aiConfigured, type Config } from './config.ts';
import { createFactStore } from './db/fact-store.ts';
import { createFactService } from './domain/facts.ts';
import { createQueryHandlers } from './events/queries.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createApp } from './http/app.ts';
import { createOpenAiFactGenerator } from './openai/openai-fact-generator.ts';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningService {
  url: string;
  instanceId: string;
  /** Stops accepting requests, stops relay and queries, drains NATS, closes the database. */
  stop(): Promise<void>;
}

export function startService(config: Config, logger?: Logger): Promise<RunningService> {
  const createClient = (adapter: ClientAdapter) => new PrismaClient({ adapter });
  return composeService({ owner: 'streambot', config, logger, createClient }, (parts) =>
    buildStreamBot(config, parts),
  );
}

async function buildStreamBot(config: Config, parts: ServiceParts<PrismaClient>) {
  const { log, defer, db, nc, status, serve } = parts;
  const store = createFactStore(db);
  const handlers = createQueryHandlers(store);
  const queryService = await startQueryService(nc, {
    service: 'streambot',
    version: config.version,
    description: 'stream-bot: chat facts and bot status',
    logger: log.child({ component: 'queries' }),
    handlers: {
      [queries.factsLatest.subject]: handlers.factsLatest,
      [queries.factsRandom.subject]: handlers.factsRandom,
      [queries.factsPage.subject]: handlers.factsPage,
      [queries.botStatus.subject]: handlers.botStatus,
      [queries.analyticsSummary.subject]: handlers.analyticsSummary,
    },
  });
  defer(() => queryService.stop());

  const instanceId = await announceStart(db.sql, events.streambotServiceStarted, config.version);
  const ai = aiConfigured(config.openai);
  const generator = ai ? createOpenAiFactGenerator(config.openai) : undefined;
  const facts = createFactService(store, { generator, budgetMs: config.openai.factsTimeoutMs });
  const url = await serve(createApp({ logger: log, facts, webRoot: WEB_ROOT, status }));
  log.info(
    { url, instanceId, facts: ai ? `ai (${config.openai.factsModel})` : 'built-in collection' },
    'stream-bot is up',
  );
  return { url, instanceId };
}
