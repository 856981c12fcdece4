// DiscordMembers over the bot's discord.js Client: members and roles are read
// through its cache (fetched when missing); role changes go through REST with an
// audit-log reason.
import { DiscordAPIError, type Client, type Guild } from 'discord.js';
import type { DiscordMembers } from './discord-members.ts';

/** Discord's error codes for a missing guild, member or role. */
const UNKNOWN = new Set([10004, 10007, 10011, 10013]);

export function isUnknown(err: unknown): boolean {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && UNKNOWN.has(err.code);
}

/** Missing Permissions (the role is at or above the bot's, or the bot lacks Manage Roles). */
export function isMissingPermissions(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.code === 50013 || err.status === 403);
}

export function clientMembers(client: () => Client | null, offlineReason: string): DiscordMembers {
  async function guild(guildId: string): Promise<Guild> {
    const c = client();
    if (!c?.isReady()) throw new Error(offlineReason);
    return c.guilds.cache.get(guildId) ?? (await c.guilds.fetch(guildId));
  }
  return {
    unavailable: () => (client()?.isReady() ? null : offlineReason),
    member: async (guildId, userId) => {
      const g = await guild(guildId);
      try {
        const m = await g.members.fetch({ user: userId, force: true });
        return {
          userId: m.id,
          username: m.user.username,
          roleIds: m.roles.cache.filter((r) => r.id !== guildId).map((r) => r.id),
        };
      } catch (err) {
        if (isUnknown(err)) return null;
        throw err;
      }
    },
    roleName: async (guildId, roleId) => {
      const g = await guild(guildId);
      const role = g.roles.cache.get(roleId) ?? (await g.roles.fetch(roleId).catch(() => null));
      return role?.name ?? null;
    },
    addRole: async (guildId, userId, roleId, reason) => {
      await (await guild(guildId)).members.addRole({ user: userId, role: roleId, reason });
    },
    removeRole: async (guildId, userId, roleId, reason) => {
      await (await guild(guildId)).members.removeRole({ user: userId, role: roleId, reason });
    },
  };
}
