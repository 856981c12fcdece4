// What the role and verification logic needs from Discord, so it can be used (and
// its refusals tested) without the gateway: the bot's own Discord client implements
// it once connected; while it is not, unavailable() says why.
export interface GuildMember {
  userId: string;
  username: string;
  roleIds: string[];
}

export interface DiscordMembers {
  /** null while the bot can act in Discord; otherwise what is wrong and what to do. */
  unavailable(): string | null;
  /** The member, or null when the user is not in the guild. */
  member(guildId: string, userId: string): Promise<GuildMember | null>;
  /** The role's name, or null when the guild has no such role. */
  roleName(guildId: string, roleId: string): Promise<string | null>;
  addRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void>;
  removeRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void>;
}

/** Stands in while the bot has no connection (no DISCORD_TOKEN, or not connected yet). */
export function offlineMembers(reason: string): DiscordMembers {
  const refuse = () => Promise.reject(new Error(reason));
  return {
    unavailable: () => reason,
    member: refuse,
    roleName: refuse,
    addRole: refuse,
    removeRole: refuse,
  };
}
