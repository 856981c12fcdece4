// The composition of discord-bot: on the frame every service shares (database,
// bus, outbox relay, HTTP listener) its guild store, its queries and its HTTP
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
import { createDiscordBot, type DiscordBot } from './bot/discord-bot.ts';
import { createGuildSync } from './bot/guild-sync.ts';
import { createInteractionRouter } from './bot/interactions.ts';
import type { Config } from './config.ts';
import { createGuildStore } from './db/guild-store.ts';
import { createTicketStore } from './db/ticket-store.ts';
import { createModerationStore } from './db/moderation-store.ts';
import { createRolePanelStore } from './db/role-panel-store.ts';
import { createVerificationStore } from './db/verification-store.ts';
import { createQueryHandlers } from './events/queries.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createApp } from './http/app.ts';
import { createTicketDiscord, registerTicketHandlers } from './tickets/discord-tickets.ts';
import { createTicketService } from './tickets/ticket-service.ts';
import { startWebLogin } from './auth/web-login.ts';
import { createSettingsStore } from './db/settings-store.ts';
import { sessionGuildAccess } from './http/session.ts';
import { createMembersDiscord } from './members/members-discord.ts';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningService {
  url: string;
  instanceId: string;
  /** The Discord connection (status, client). */
  bot: DiscordBot;
  /** Every route of the HTTP app (tests check each /api one needs a session). */
  routes: { method: string; path: string }[];
  /** Stops accepting requests, stops relay and queries, drains NATS, closes the database. */
  stop(): Promise<void>;
}

export function startService(config: Config, logger?: Logger): Promise<RunningService> {
  const createClient = (adapter: ClientAdapter) => new PrismaClient({ adapter });
  return composeService({ owner: 'discord', config, logger, createClient }, (parts) =>
    buildDiscordBot(config, parts),
  );
}

async function buildDiscordBot(config: Config, parts: ServiceParts<PrismaClient>) {
  const { log, defer, db, nc, status, serve } = parts;
  // The features register their commands, buttons and event handlers on the router; the bot
  // starts once the HTTP app is up.
  const router = createInteractionRouter(log);
  const bot = createDiscordBot({
    token: config.bot.token,
    apiUrl: config.bot.apiUrl,
    router,
    guildSync: createGuildSync(db.sql),
    logger: log,
  });
  const guilds = createGuildStore(db.prisma);
  const moderation = createModerationStore(db);
  const rolePanels = createRolePanelStore(db);
  const verification = createVerificationStore(db);
  // Verification, role panels, moderation commands and log lines on the bot's connection.
  const membersDiscord = createMembersDiscord({
    client: bot.client,
    moderation,
    rolePanels,
    verification,
    logger: log,
  });
  membersDiscord.register(router);
  const ticketStore = createTicketStore(db.sql);
  const tickets = createTicketService({
    store: ticketStore,
    discord: () => {
      const client = bot.client();
      return client ? createTicketDiscord(client) : null;
    },
    logger: log,
  });
  registerTicketHandlers(router, tickets);
  // Auto-close: tickets idle past their guild's auto_close_hours (only while the bot is connected).
  const sweep = setInterval(() => {
    tickets.sweep().catch((err: unknown) => log.warn({ err }, 'ticket auto-close sweep failed'));
  }, config.tickets.sweepSeconds * 1000);
  sweep.unref();
  defer(() => Promise.resolve(clearInterval(sweep)));
  const handlers = createQueryHandlers(guilds, moderation, ticketStore);
  const queryService = await startQueryService(nc, {
    service: 'discord',
    version: config.version,
    description: 'discord-bot: guilds, tickets and moderation',
    logger: log.child({ component: 'queries' }),
    handlers: {
      [queries.guildsList.subject]: handlers.guildsList,
      [queries.ticketsOpenSummary.subject]: handlers.ticketsOpenSummary,
      [queries.ticketsList.subject]: handlers.ticketsList,
      [queries.moderationRecent.subject]: handlers.moderationRecent,
    },
  });
  defer(() => queryService.stop());

  const instanceId = await announceStart(db.sql, events.discordServiceStarted, config.version);
  const auth = await startWebLogin(config, parts);
  const app = createApp({
    logger: log,
    guilds,
    settings: createSettingsStore(db),
    auth,
    tickets,
    webRoot: WEB_ROOT,
    status,
    botStatus: bot.status,
    members: {
      moderation,
      rolePanels,
      verification,
      verifier: membersDiscord.verifier,
      access: sessionGuildAccess,
      panelPublisher: membersDiscord.panelPublisher,
      postVerifyPanel: membersDiscord.postVerifyPanel,
    },
  });
  const url = await serve(app);
  bot.start();
  defer(() => bot.stop());
  log.info({ url, instanceId, bot: bot.status().state }, 'discord-bot is up');
  const routes = app.routes.map(({ method, path }) => ({ method, path }));
  return { url, instanceId, bot, routes };
}
