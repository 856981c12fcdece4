// The HTTP app, built from its parts; it starts no server and opens nothing,
// so tests drive it with app.request().
import { healthRoutes, webUi, type Logger, type StatusSource } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import type { EventFeed } from '../domain/event-feed.ts';
import type { FeedHistory } from '../domain/feed-replay.ts';
import type { HealthMonitor } from '../domain/health.ts';
import { authRoutes, type AuthDeps } from './auth.routes.ts';
import { domainErrorHandler, notFound } from './errors.ts';
import { eventRoutes } from './events.routes.ts';
import { discordRoutes, type DiscordModels } from './discord.routes.ts';
import type { dockerRoutes } from './docker.routes.ts';
import { factRoutes, type FactModels } from './facts.routes.ts';
import { healthCheckRoutes } from './health-checks.routes.ts';
import { streambotRoutes, type StreambotModels } from './streambot.routes.ts';
import { sessionKit } from './session.ts';
import type { deployRoutes } from '../deploy/routes.ts';
import type { jarvisRoutes } from '../jarvis/routes.ts';
import type { nasRoutes } from '../nas/nas.routes.ts';
import type { artifactRoutes } from '../artifacts/artifacts.routes.ts';
import type { plexRoutes } from '../plex/plex.routes.ts';
import type { jobRoutes } from './jobs.routes.ts';

export interface AppDeps {
  logger: Logger;
  status: StatusSource;
  /** Logins and sessions; every /api route but /api/info and /api/auth/* needs one. */
  auth: AuthDeps;
  feed: EventFeed;
  /** The streams' stored events, for resumes the feed's memory no longer covers. */
  feedHistory: FeedHistory;
  /** The copies of the other services' data (events/read-models.ts). */
  readModels: FactModels & StreambotModels & DiscordModels;
  health: HealthMonitor;
  /** Docker management (docker/module.ts). */
  docker: ReturnType<typeof dockerRoutes>;
  /** Deployments (deploy/module.ts): POST /api/deploy, /api/deployments… */
  deploy: ReturnType<typeof deployRoutes>;
  /** Jarvis and log analyses (jarvis/module.ts). */
  ai: ReturnType<typeof jarvisRoutes>;
  /** NAS shares (nas/module.ts). */
  nas: ReturnType<typeof nasRoutes>;
  /** Uploaded files and their AI analyses (artifacts/module.ts). */
  artifacts: ReturnType<typeof artifactRoutes>;
  /** Plex media import (plex/module.ts). */
  plex: ReturnType<typeof plexRoutes>;
  /** Background jobs: list, cancel, live updates (jobs.routes.ts). */
  jobs: ReturnType<typeof jobRoutes>;
  /** Aborted when the service stops, so open event streams end. */
  shutdown: AbortSignal;
  /** The built web UI (web/dist). */
  webRoot: string;
}

export function createApp(deps: AppDeps) {
  return new Hono()
    .route('/', healthRoutes(deps.status))
    .use('/api/*', sessionKit(deps.auth).guard())
    .route('/api/auth', authRoutes(deps.auth))
    .route('/api/events', eventRoutes(deps.feed, deps.shutdown, { history: deps.feedHistory }))
    .route('/api/facts', factRoutes(deps.readModels))
    .route('/api/streambot', streambotRoutes(deps.readModels))
    .route('/api/discord', discordRoutes(deps.readModels))
    .route('/api/health', healthCheckRoutes(deps.health))
    .route('/api/docker', deps.docker)
    .route('/api', deps.deploy)
    .route('/api/ai', deps.ai)
    .route('/api/nas', deps.nas)
    .route('/api/artifacts', deps.artifacts)
    .route('/api/plex', deps.plex)
    .route('/api/jobs', deps.jobs)
    .get('*', webUi(deps.webRoot, deps.status.service))
    .notFound(notFound)
    .onError(domainErrorHandler(deps.logger));
}

export type App = ReturnType<typeof createApp>;
