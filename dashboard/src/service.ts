// The composition of the dashboard: database, bus, relay, the read models fed
// from the other services, the health probe, queries and HTTP. Used by
// main.ts and by tests that run the service in-process.
import { fileURLToPath } from 'node:url';
import { events, isEvent, queries, startQueryService } from '@homelab/nats';
import {
  announceStart,
  createLogger,
  listen,
  serviceStatus,
  startFoundation,
  startInSteps,
  type Logger,
} from '@homelab/nats/runtime';
import { SERVICE_NAME, type Config } from './config.ts';
import { createHealthStore } from './db/health-store.ts';
import { createEventFeed } from './domain/event-feed.ts';
import { createHealthMonitor } from './domain/health.ts';
import { createLatestFact } from './domain/latest-fact.ts';
import { fetchLatestFact } from './events/fact-query.ts';
import { startFeedSubscriptions } from './events/feed-subscriptions.ts';
import { discoverOnBus, SERVICE_TARGETS, startHealthProbe } from './events/health-probe.ts';
import { createQueryHandlers } from './events/queries.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createApp } from './http/app.ts';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningService {
  url: string;
  instanceId: string;
  /** Runs a fresh health probe round now (tests; the timer runs them anyway). */
  probeHealth(): Promise<void>;
  /** Stops accepting requests, ends event streams, stops consumers, drains NATS, closes the database. */
  stop(): Promise<void>;
}

export async function startService(config: Config, logger?: Logger): Promise<RunningService> {
  const log =
    logger ??
    createLogger({ level: config.logLevel, service: config.service, version: config.version });
  const startedAt = new Date();
  const shutdown = new AbortController();

  return startInSteps({ name: SERVICE_NAME, logger: log }, async (defer) => {
    const { db, nc, bus } = await startFoundation({
      owner: 'dashboard',
      config,
      createClient: (adapter) => new PrismaClient({ adapter }),
      logger: log,
      defer,
    });

    const latestFact = createLatestFact({
      fetchLatest: fetchLatestFact(nc, config.queryTimeoutMs),
    });
    const feed = createEventFeed(config.eventFeedSize);
    const subscriptions = startFeedSubscriptions({
      nc,
      feed,
      replay: config.eventFeedSize,
      logger: log.child({ component: 'feed' }),
      onEvent: (e) => {
        if (isEvent(e, events.factCreated)) {
          const { factId, text, source, model } = e.envelope.data;
          latestFact.onFactCreated(
            { factId, text, source, model: model ?? null, createdAt: e.envelope.occurredAt },
            e.envelope.occurredAt,
          );
        }
      },
    });
    defer(() => subscriptions.stop());
    await latestFact.refresh();

    const monitor = createHealthMonitor({
      targets: SERVICE_TARGETS,
      discover: discoverOnBus(nc, Math.min(config.queryTimeoutMs, 1_000)),
      store: createHealthStore(db.sql),
    });
    const handlers = createQueryHandlers(monitor);
    const queryService = await startQueryService(nc, {
      service: 'dashboard',
      version: config.version,
      description: 'dashboard: health of the homelab',
      logger: log.child({ component: 'queries' }),
      handlers: { [queries.healthSummary.subject]: handlers.healthSummary },
    });
    defer(() => queryService.stop());
    const probe = startHealthProbe(
      monitor,
      config.healthProbeIntervalMs,
      log.child({ component: 'health' }),
    );
    defer(() => probe.stop());

    const instanceId = await announceStart(db.sql, events.dashboardServiceStarted, config.version);

    const app = createApp({
      logger: log,
      feed,
      latestFact,
      health: monitor,
      shutdown: shutdown.signal,
      webRoot: WEB_ROOT,
      status: serviceStatus(config, startedAt, db, bus),
    });
    const server = await listen(app, config.http.port, config.http.host);
    defer(() => server.close());
    // Runs before server.close() in the unwind: open event streams end first.
    defer(async () => shutdown.abort());
    log.info({ url: server.url, instanceId }, 'dashboard is up');

    return { url: server.url, instanceId, probeHealth: probe.probeNow };
  });
}
