// The HTTP app, built from its parts; it starts no server and opens nothing,
// so tests drive it with app.request().
import { healthRoutes, webUi, type Logger, type StatusSource } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import type { GuildStore } from '../domain/guilds.ts';
import { domainErrorHandler, notFound } from './errors.ts';
import { guildRoutes } from './guilds.routes.ts';
import { ticketRoutes } from './tickets.routes.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import { membersRoutes, type MembersDeps } from './members.routes.ts';

export interface AppDeps {
  logger: Logger;
  status: StatusSource;
  guilds: GuildStore;
  tickets: TicketService;
  /** The built web UI (web/dist). */
  webRoot: string;
  /** Verification, role panels and the moderation log (absent in app-only tests). */
  members?: MembersDeps;
}

export function createApp(deps: AppDeps) {
  return new Hono()
    .route('/', healthRoutes(deps.status))
    .route('/api/guilds', guildRoutes(deps.guilds))
    .route('/api/tickets', ticketRoutes(deps.tickets, deps.members?.access))
    .route('/api', membersRoutes(deps.members))
    .get('*', webUi(deps.webRoot, deps.status.service))
    .notFound(notFound)
    .onError(domainErrorHandler(deps.logger));
}

export type App = ReturnType<typeof createApp>;
