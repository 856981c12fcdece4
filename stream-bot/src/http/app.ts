// The HTTP app, built from its parts; it starts no server and opens nothing,
// so tests drive it with app.request().
import { healthRoutes, webUi, type Logger, type StatusSource } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import type { FactService } from '../domain/facts.ts';
import { domainErrorHandler, notFound } from './errors.ts';
import { factRoutes } from './facts.routes.ts';

export interface AppDeps {
  logger: Logger;
  status: StatusSource;
  facts: FactService;
  /** The built web UI (web/dist). */
  webRoot: string;
}

export function createApp(deps: AppDeps) {
  return new Hono()
    .route('/', healthRoutes(deps.status))
    .route('/api/facts', factRoutes(deps.facts))
    .get('*', webUi(deps.webRoot, deps.status.service))
    .notFound(notFound)
    .onError(domainErrorHandler(deps.logger));
}

export type App = ReturnType<typeof createApp>;
