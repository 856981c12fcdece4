// discord-bot's answers to the read-only queries other services send over NATS.
// Tickets and moderation answer from their tables.
import type { QueryRequest, QueryResponse, queries } from '@homelab/nats';
import type { TicketStore } from '../db/ticket-store.ts';
import type { GuildStore } from '../domain/guilds.ts';
import { ticketSubject, viewStatus } from '../tickets/tickets.ts';
import type { ModerationStore } from '../moderation/moderation.ts';

type GuildsList = typeof queries.guildsList;
type TicketsOpenSummary = typeof queries.ticketsOpenSummary;
type TicketsList = typeof queries.ticketsList;
type ModerationRecent = typeof queries.moderationRecent;

export function createQueryHandlers(
  guilds: GuildStore,
  moderation?: ModerationStore,
  tickets?: TicketStore,
) {
  return {
    async guildsList(_req: QueryRequest<GuildsList>): Promise<QueryResponse<GuildsList>> {
      const list = await guilds.list();
      return { guilds: list.map((g) => ({ ...g, joinedAt: g.joinedAt.toISOString() })) };
    },

    async ticketsOpenSummary(
      req: QueryRequest<TicketsOpenSummary>,
    ): Promise<QueryResponse<TicketsOpenSummary>> {
      if (!tickets) return { open: 0, claimed: 0, unclaimed: 0, oldestOpenedAt: null };
      const s = await tickets.openSummary(req.guildId ? [req.guildId] : undefined);
      return {
        open: s.open,
        claimed: s.claimed,
        unclaimed: s.open - s.claimed,
        oldestOpenedAt: s.oldestOpenedAt?.toISOString() ?? null,
      };
    },

    async ticketsList(req: QueryRequest<TicketsList>): Promise<QueryResponse<TicketsList>> {
      if (!tickets) return { tickets: [] };
      const page = await tickets.page({
        guildIds: req.guildId ? [req.guildId] : undefined,
        status: req.status,
        memberId: undefined,
        limit: req.limit ?? 25,
        after: undefined,
      });
      return {
        tickets: page.tickets.map((t) => ({
          ticketId: t.id,
          guildId: t.guildId,
          subject: ticketSubject(t),
          status: viewStatus(t),
          openedBy: { userId: t.openerId, username: t.openerTag },
          claimedBy: t.claimedBy,
          openedAt: t.createdAt.toISOString(),
          closedAt: t.closedAt?.toISOString() ?? null,
        })),
      };
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
