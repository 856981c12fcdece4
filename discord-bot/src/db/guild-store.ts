// The guilds the bot is in, from discord-bot's own database. Rows of guilds
// the bot left are kept for history and left out here.
import type { Guild, GuildStore } from '../domain/guilds.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

export const MAX_GUILDS = 200;

export function createGuildStore(prisma: PrismaClient): GuildStore {
  return {
    list: async (): Promise<Guild[]> => {
      const rows = await prisma.guild.findMany({
        where: { leftAt: null },
        orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }],
        take: MAX_GUILDS,
      });
      return rows.map((r) => ({
        guildId: r.id,
        name: r.name,
        memberCount: r.memberCount,
        joinedAt: r.joinedAt,
      }));
    },
  };
}
