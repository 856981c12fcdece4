// The HTTP app, built from its parts; it starts no server and opens nothing,
// so tests drive it with app.request().
import { healthRoutes, webUi, type Logger, type StatusSource } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import type { GuildStore } from '../domain/guilds.ts';
import { domainErrorHandler, notFound } from './errors.ts';
import { guildRoutes } from './guilds.routes.ts';
import { botRoutes } from './bot.routes.ts';
import { NOT_CONFIGURED_HINT, type BotStatus } from '../bot/discord-bot.ts';
import { authRoutes, type AuthDeps } from './auth.routes.ts';
import { webSessionGuard } from './session.ts';
import type { SettingsStore } from '../db/settings-store.ts';
import { ticketPanelRoutes, ticketRoutes } from './tickets.routes.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import { membersRoutes, type MembersDeps } from './members.routes.ts';

export interface AppDeps {
  logger: Logger;
  status: StatusSource;
  guilds: GuildStore;
  /** Guild settings (GET/PUT /api/guilds/:id/settings). */
  settings: SettingsStore;
  /** Logins and sessions; every /api route but /api/info and /api/auth/* needs one. */
  auth: AuthDeps;
  tickets: TicketService;
  /** The built web UI (web/dist). */
  webRoot: string;
  /** The Discord bot's status (GET /api/bot/status); absent in app-only tests. */
  botStatus?: () => BotStatus;
  /** Verification, role panels and the moderation log (absent in app-only tests). */
  members?: MembersDeps;
}

export function createApp(deps: AppDeps) {
  return new Hono()
    .route('/', healthRoutes(deps.status))
    .use('/api/*', webSessionGuard(deps.auth))
    .route('/', authRoutes(deps.auth))
    .route('/api/bot', botRoutes(deps.botStatus ?? notConfigured))
    .route('/api/guilds', guildRoutes(deps))
    .route('/api/tickets', ticketRoutes(deps.tickets, deps.members?.access))
    .route('/api/guilds', ticketPanelRoutes(deps.tickets, deps.members?.access))
    .route('/api', membersRoutes(deps.members))
    .get('*', webUi(deps.webRoot, deps.status.service))
    .notFound(notFound)
    .onError(domainErrorHandler(deps.logger));
}

const notConfigured = (): BotStatus => ({
  state: 'not_configured',
  user: null,
  guildCount: 0,
  since: new Date(0).toISOString(),
  lastError: null,
  reconnects: 0,
  hint: NOT_CONFIGURED_HINT,
});

export type App = ReturnType<typeof createApp>;
