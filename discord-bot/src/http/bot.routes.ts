// GET /api/bot/status: whether the bot is connected to Discord, in how many guilds, since when,
// and — when it is not configured or failed — what to set.
import { Hono } from 'hono';
import type { BotStatus } from '../bot/discord-bot.ts';

export function botRoutes(status: () => BotStatus) {
  return new Hono().get('/status', (c) => c.json(status()));
}
