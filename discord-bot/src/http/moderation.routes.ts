// GET /api/moderation: the moderation log, newest first, filtered by guild, action,
// target, moderator and since, paged with a cursor. The query string is checked
// before anything is read.
import { Hono } from 'hono';
import {
  toModerationQuery,
  type ModerationEntry,
  type ModerationStore,
} from '../moderation/moderation.ts';
import type { GuildAccess } from './guild-access.ts';

export function moderationJson(entry: ModerationEntry) {
  return {
    id: entry.id,
    guildId: entry.guildId,
    action: entry.action,
    moderator: entry.moderator,
    target: entry.target,
    reason: entry.reason,
    durationSeconds: entry.durationSeconds,
    createdAt: entry.createdAt.toISOString(),
  };
}

export function moderationRoutes(store: ModerationStore, access: GuildAccess) {
  return new Hono().get('/', async (c) => {
    const page = await store.page(toModerationQuery(c.req.query(), await access.allowedGuilds(c)));
    return c.json({ actions: page.actions.map(moderationJson), nextCursor: page.nextCursor });
  });
}
