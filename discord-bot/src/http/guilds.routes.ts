import { Hono } from 'hono';
import type { Guild, GuildStore } from '../domain/guilds.ts';

export function guildJson(guild: Guild) {
  return { ...guild, joinedAt: guild.joinedAt.toISOString() };
}

export function guildRoutes(guilds: GuildStore) {
  return new Hono().get('/', async (c) => c.json({ guilds: (await guilds.list()).map(guildJson) }));
}
