// The HTTP app, built from its parts; it starts no server and opens nothing,
// so tests drive it with app.request().
import { healthRoutes, webUi, type Logger, type StatusSource } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import type { FactService } from '../domain/facts.ts';
import { domainErrorHandler, notFound } from './errors.ts';
import { factRoutes } from './facts.routes.ts';
import { authRoutes, type AuthDeps } from './auth.routes.ts';
import { analyticsRoutes, type AnalyticsRouteDeps } from './analytics.routes.ts';
import { sessionGuard } from './session.ts';
import { botStatusRoutes, type BotStatusDeps } from './bot-status.routes.ts';
import { botConfigRoutes, type BotConfigRouteDeps } from './bot-config.routes.ts';

export interface AppDeps {
  logger: Logger;
  status: StatusSource;
  facts: FactService;
  /** Logins and sessions; every /api route but /api/info and /api/auth/* needs one. */
  auth: AuthDeps;
  /** /api/analytics/* and /api/chat/messages; left out by tests of other parts. */
  analytics?: AnalyticsRouteDeps;
  /** /api/bot/status, …/stream, /api/bot/connect, /api/bot/disconnect. */
  chat?: BotStatusDeps;
  /** /api/bot/config, …/commands, …/timers, POST /api/bot/command. */
  bot?: BotConfigRouteDeps;
  /** /auth/youtube/* and /api/youtube. */
  youtube?: Hono;
  /** /auth/spotify/* and /api/spotify. */
  spotify?: Hono;
  /** The built web UI (web/dist). */
  webRoot: string;
}

export function createApp(deps: AppDeps) {
  return new Hono()
    .route('/', healthRoutes(deps.status))
    .use('/api/*', sessionGuard(deps.auth))
    .route('/', authRoutes(deps.auth))
    .route('/api/facts', factRoutes(deps.facts))
    .route('/api/bot', deps.chat ? botStatusRoutes(deps.chat) : new Hono())
    .route('/api/bot', deps.bot ? botConfigRoutes(deps.bot) : new Hono())
    .route('/api', deps.analytics ? analyticsRoutes(deps.analytics) : new Hono())
    .route('/', deps.youtube ?? new Hono())
    .route('/', deps.spotify ?? new Hono())
    .get('*', webUi(deps.webRoot, deps.status.service))
    .notFound(notFound)
    .onError(domainErrorHandler(deps.logger));
}

export type App = ReturnType<typeof createApp>;
