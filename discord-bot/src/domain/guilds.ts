// The Discord servers ("guilds") the bot is in. The gateway integration that
// fills this comes later; for now the list is whatever the table holds.
export interface Guild {
  /** Discord snowflake, as a decimal string. */
  guildId: string;
  name: string;
  memberCount: number;
  joinedAt: Date;
}

export interface GuildStore {
  list(): Promise<Guild[]>;
}
