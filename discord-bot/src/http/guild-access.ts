// Which guilds the caller of a request may see and change. Until the web login
// lands every caller may see every guild; the session then narrows this to the
// user's managed guilds (the local admin keeps all of them).
import type { Context } from 'hono';
import { DomainError } from '../domain/errors.ts';

export interface GuildAccess {
  /** null: every guild. */
  allowedGuilds(c: Context): Promise<string[] | null>;
  /** The Discord user behind the request, for the records (null: local admin or no login). */
  actor(c: Context): Promise<{ userId: string; username: string } | null>;
}

export const everyGuild: GuildAccess = {
  allowedGuilds: () => Promise.resolve(null),
  actor: () => Promise.resolve(null),
};

/** Refuses (404, as if it did not exist) a guild the caller does not manage. */
export async function requireGuild(access: GuildAccess, c: Context, guildId: string) {
  const allowed = await access.allowedGuilds(c);
  if (allowed !== null && !allowed.includes(guildId)) {
    throw new DomainError('not_found', `guild ${guildId} is not one you manage`);
  }
}
