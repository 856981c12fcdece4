// discord-bot's open tickets, guilds and moderation log as the dashboard's
// read models hold them: read-only, discord-bot owns them all.
import { Hono } from 'hono';
import { z } from 'zod';
import {
  ACTIONS_KEPT,
  type GuildEvent,
  type GuildList,
  type ModerationAction,
  type ModerationLog,
  type OpenTickets,
  type TicketEvent,
} from '../domain/read-model-discord.ts';
import type { ReadModel } from '../domain/read-model.ts';
import { parseInput } from './errors.ts';

export interface DiscordModels {
  tickets: ReadModel<OpenTickets, TicketEvent>;
  guilds: ReadModel<GuildList, GuildEvent>;
  moderation: ReadModel<ModerationLog, Omit<ModerationAction, 'createdAt'>>;
}

const limitQuery = (max: number) =>
  z.object({ limit: z.coerce.number().int().min(1).max(max).optional() });
const ticketsQuery = limitQuery(100);
const moderationQuery = limitQuery(ACTIONS_KEPT);

export function discordRoutes(models: DiscordModels) {
  return new Hono()
    .get('/tickets', async (c) => {
      const { limit } = parseInput(ticketsQuery, c.req.query());
      const view = await models.tickets.read();
      return c.json({
        ...view,
        data: { ...view.data, tickets: view.data.tickets.slice(0, limit) },
      });
    })
    .get('/guilds', async (c) => c.json(await models.guilds.read()))
    .get('/moderation', async (c) => {
      const { limit } = parseInput(moderationQuery, c.req.query());
      const view = await models.moderation.read();
      return c.json({ ...view, data: { actions: view.data.actions.slice(0, limit) } });
    });
}
