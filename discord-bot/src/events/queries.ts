// discord-bot's answers to the read-only queries other services send over NATS.
// Tickets have no tables yet: the bot has handled none, so empty lists and zero
// counts are the true answer, not placeholders. Moderation comes from its log.
import type { QueryRequest, QueryResponse, queries } from '@homelab/nats';
import type { GuildStore } from '../domain/guilds.ts';
import type { ModerationStore } from '../moderation/moderation.ts';

type GuildsList = typeof queries.guildsList;
type TicketsOpenSummary = typeof queries.ticketsOpenSummary;
type TicketsList = typeof queries.ticketsList;
type ModerationRecent = typeof queries.moderationRecent;

export function createQueryHandlers(guilds: GuildStore, moderation?: ModerationStore) {
  return {
    async guildsList(_req: QueryRequest<GuildsList>): Promise<QueryResponse<GuildsList>> {
      const list = await guilds.list();
      return { guilds: list.map((g) => ({ ...g, joinedAt: g.joinedAt.toISOString() })) };
    },

    async ticketsOpenSummary(
      _req: QueryRequest<TicketsOpenSummary>,
    ): Promise<QueryResponse<TicketsOpenSummary>> {
      return { open: 0, claimed: 0, unclaimed: 0, oldestOpenedAt: null };
    },

    async ticketsList(_req: QueryRequest<TicketsList>): Promise<QueryResponse<TicketsList>> {
      return { tickets: [] };
    },

    async moderationRecent(
      req: QueryRequest<ModerationRecent>,
    ): Promise<QueryResponse<ModerationRecent>> {
      if (!moderation) return { actions: [] };
      const page = await moderation.page({
        guildIds: req.guildId ? [req.guildId] : undefined,
        action: undefined,
        targetId: undefined,
        moderatorId: undefined,
        since: undefined,
        limit: req.limit ?? 25,
        after: undefined,
      });
      return {
        actions: page.actions.map((a) => ({
          actionId: a.id,
          guildId: a.guildId,
          action: a.action,
          target: {
            userId: a.target.userId,
            username: a.target.username.slice(0, 64) || a.target.userId,
          },
          moderator: {
            userId: a.moderator.userId,
            username: a.moderator.username.slice(0, 64) || a.moderator.userId,
          },
          reason: a.reason,
          durationSeconds: a.durationSeconds,
          createdAt: a.createdAt.toISOString(),
        })),
      };
    },
  };
}
