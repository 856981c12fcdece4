// discord-bot's answers to the read-only queries other services send over NATS.
// Tickets and moderation logs have no tables yet: the bot has handled none, so
// empty lists and zero counts are the true answer, not placeholders.
import type { QueryRequest, QueryResponse, queries } from '@homelab/nats';
import type { GuildStore } from '../domain/guilds.ts';

type GuildsList = typeof queries.guildsList;
type TicketsOpenSummary = typeof queries.ticketsOpenSummary;
type TicketsList = typeof queries.ticketsList;
type ModerationRecent = typeof queries.moderationRecent;

export function createQueryHandlers(guilds: GuildStore) {
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
      _req: QueryRequest<ModerationRecent>,
    ): Promise<QueryResponse<ModerationRecent>> {
      return { actions: [] };
    },
  };
}
