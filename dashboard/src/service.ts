// The composition of the dashboard: on the frame every service shares
// (database, bus, outbox relay, HTTP listener) the read models fed from the
// other services, the health probe, its queries, Docker management, the job
// queue with the features that run on it (deployments, Plex import, Jarvis and
// its analyses, artifacts), NAS shares and its HTTP app. Used by
// main.ts and by tests that run the service in-process.
import { fileURLToPath } from 'node:url';
import { events, queries, SERVICE_NAMES, startQueryService } from '@homelab/nats';
import {
  announceStart,
  composeService,
  type ClientAdapter,
  type Logger,
  type ServiceParts,
} from '@homelab/nats/runtime';
import type { Config } from './config.ts';
import { createLoginThrottle } from '@homelab/nats/web';
import { createHealthStore } from './db/health-store.ts';
import { createUserStore } from './db/user-store.ts';
import { createEventFeed } from './domain/event-feed.ts';
import { createHealthMonitor } from './domain/health.ts';
import { createReadModels } from './events/read-models.ts';
import { createJetStreamHistory } from './events/feed-history.ts';
import { startFeedSubscriptions } from './events/feed-subscriptions.ts';
import { healthSources, startHealthProbe } from './events/health-probe.ts';
import { createQueryHandlers } from './events/queries.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createHostMeter } from './host/host-meter.ts';
import { procHostSource } from './host/host-source.ts';
import { createApp } from './http/app.ts';
import { createDockerModule } from './docker/module.ts';
import { createArtifactsModule } from './artifacts/module.ts';
import { createDeployModule } from './deploy/module.ts';
import { createJarvisModule } from './jarvis/module.ts';
import { createJobQueue } from './jobs/queue.ts';
import { createNasModule } from './nas/module.ts';
import { createPlexModule } from './plex/module.ts';
import { jobRoutes } from './http/jobs.routes.ts';
import { createWebSessionStore } from './http/session.ts';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningService {
  url: string;
  instanceId: string;
  /** The HTTP routes (method, path), e.g. for tests that walk every route. */
  routes: { method: string; path: string }[];
  /** Runs a fresh health probe round now (tests; the timer runs them anyway). */
  probeHealth(): Promise<void>;
  /** Stops accepting requests, ends event streams, stops consumers, drains NATS, closes the database. */
  stop(): Promise<void>;
}

export function startService(config: Config, logger?: Logger): Promise<RunningService> {
  const createClient = (adapter: ClientAdapter) => new PrismaClient({ adapter });
  return composeService({ owner: 'dashboard', config, logger, createClient }, (parts) =>
    buildDashboard(config, parts),
  );
}

async function buildDashboard(config: Config, parts: ServiceParts<PrismaClient>) {
  const { log, defer, db, nc, status, serve } = parts;
  const shutdown = new AbortController();
  const readModels = createReadModels({
    nc,
    timeoutMs: config.queryTimeoutMs,
    logger: log.child({ component: 'read-models' }),
  });
  const feed = createEventFeed(config.eventFeedSize);
  const subscriptions = startFeedSubscriptions({
    nc,
    feed,
    replay: config.eventFeedSize,
    logger: log.child({ component: 'feed' }),
    onEvent: readModels.onEvent,
  });
  defer(() => subscriptions.stop());
  await readModels.refreshAll();

  const monitor = createHealthMonitor({
    serviceNames: SERVICE_NAMES,
    sources: healthSources({
      nc,
      host: createHostMeter(procHostSource({ diskPaths: config.host.diskPaths })),
      timeoutMs: Math.min(config.queryTimeoutMs, 1_000),
    }),
    store: createHealthStore(db.sql),
    historyDays: config.healthHistoryDays,
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

  const sessions = createWebSessionStore(db, { ttlMs: config.web.sessionTtlHours * 3_600_000 });
  const pruneSessions = () =>
    sessions.prune().catch((err: unknown) => log.warn({ err }, 'pruning expired sessions failed'));
  await pruneSessions();
  const pruneTimer = setInterval(() => void pruneSessions(), 3_600_000).unref();
  defer(async () => clearInterval(pruneTimer));
  const auth = {
    users: createUserStore(db),
    sessions,
    throttle: createLoginThrottle(),
    publicUrl: config.web.publicUrl,
    local: { username: config.web.username, password: config.web.password },
    log: log.child({ component: 'auth' }),
  };

  const docker = createDockerModule({
    config,
    sql: db.sql,
    logger: log.child({ component: 'docker' }),
    shutdown: shutdown.signal,
  });
  defer(() => docker.stop());

  // The background job queue: the modules below register their handlers; start() follows.
  const jobs = createJobQueue({
    nc,
    sql: db.sql,
    logger: log.child({ component: 'jobs' }),
    concurrency: config.jobs.concurrency,
    maxAttempts: config.jobs.maxAttempts,
  });

  // Deployments: redeploying a container through its engine, as `deployment` jobs
  const deploy = createDeployModule({
    config,
    sql: db.sql,
    engines: docker.engines,
    jobs,
    logger: log.child({ component: 'deploy' }),
    shutdown: shutdown.signal,
  });
  jobs.register(deploy.handler);

  // Plex: media import into the Plex libraries, as `plex-import` jobs
  const plex = createPlexModule({
    config,
    sql: db.sql,
    jobs,
    logger: log.child({ component: 'plex' }),
  });
  jobs.register(plex.handler);

  // NAS shares (definitions, state, mount/unmount)
  const nas = createNasModule({ config, sql: db.sql, logger: log.child({ component: 'nas' }) });
  defer(() => nas.stop());

  // Jarvis: the AI assistant and log analyses (its `handlers` go to the job queue)
  const jarvis = createJarvisModule({
    config,
    sql: db.sql,
    readModels,
    health: monitor,
    containers: docker.manager,
    jobs,
    listJobs: (limit) => jobs.list({ limit }),
    listDeployments: deploy.listRecent,
    requestDeployment: deploy.requestDeployment,
    requestImport: plex.requestImport,
    shutdown: shutdown.signal,
  });
  defer(() => jarvis.stop());
  for (const handler of jarvis.handlers) jobs.register(handler);

  // Artifacts: uploads (ARTIFACTS_DIR made 0700, orphans swept) and their AI analyses
  const artifacts = await createArtifactsModule({
    config,
    sql: db.sql,
    jobs,
    analyzer: jarvis.analyzer,
    logger: log.child({ component: 'artifacts' }),
  });

  await jobs.start();
  // Deferred here, so the queue stops before the modules its handlers use (and NATS, the db).
  defer(() => jobs.stop());
  const instanceId = await announceStart(db.sql, events.dashboardServiceStarted, config.version);

  const app = createApp({
    logger: log,
    feed,
    feedHistory: createJetStreamHistory(nc),
    readModels,
    health: monitor,
    shutdown: shutdown.signal,
    webRoot: WEB_ROOT,
    status,
    auth,
    docker: docker.routes,
    jobs: jobRoutes(jobs, shutdown.signal),
    deploy: deploy.routes,
    ai: jarvis.routes,
    nas: nas.routes,
    artifacts: artifacts.routes,
    plex: plex.routes,
  });
  const url = await serve(app);
  // Runs before the listener closes in the unwind: open event streams end first.
  defer(async () => shutdown.abort());
  log.info({ url, instanceId }, 'dashboard is up');
  const routes = app.routes.map(({ method, path }) => ({ method, path }));
  return { url, instanceId, routes, probeHealth: probe.probeNow };
}
