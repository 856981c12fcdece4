// The composition of discord-bot: database, bus, relay, queries, HTTP. Used by
// main.ts and by tests that run the service in-process.
import { fileURLToPath } from 'node:url';
import { events, queries, startQueryService } from '@homelab/nats';
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
import { createGuildStore } from './db/guild-store.ts';
import { createQueryHandlers } from './events/queries.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createApp } from './http/app.ts';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningService {
  url: string;
  instanceId: string;
  /** Stops accepting requests, stops relay and queries, drains NATS, closes the database. */
  stop(): Promise<void>;
}

export async function startService(config: Config, logger?: Logger): Promise<RunningService> {
  const log =
    logger ??
    createLogger({ level: config.logLevel, service: config.service, version: config.version });
  const startedAt = new Date();

  return startInSteps({ name: SERVICE_NAME, logger: log }, async (defer) => {
    const { db, nc, bus } = await startFoundation({
      owner: 'discord',
      config,
      createClient: (adapter) => new PrismaClient({ adapter }),
      logger: log,
      defer,
    });

    const guilds = createGuildStore(db.prisma);
    const handlers = createQueryHandlers(guilds);
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

    const app = createApp({
      logger: log,
      guilds,
      webRoot: WEB_ROOT,
      status: serviceStatus(config, startedAt, db, bus),
    });
    const server = await listen(app, config.http.port, config.http.host);
    defer(() => server.close());
    log.info({ url: server.url, instanceId }, 'discord-bot is up');
    return { url: server.url, instanceId };
  });
}
