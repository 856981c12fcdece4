// Asks discord-bot for the data the dashboard's read models copy: open tickets
// with their counts, its guilds and its latest moderation actions.
import { queries, request } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import {
  ACTIONS_KEPT,
  type GuildList,
  type ModerationLog,
  type OpenTickets,
} from '../domain/read-model-discord.ts';

/** Per status; open tickets past this many are counted but not listed. */
const TICKETS_KEPT = 50;

export function fetchOpenTickets(nc: NatsConnection, timeoutMs: number) {
  return async (): Promise<OpenTickets> => {
    // discord-bot lists an open ticket as 'open' until someone claims it, then as
    // 'claimed'; the dashboard shows both, as its summary counts both.
    const [summary, unclaimed, claimed] = await Promise.all([
      request(nc, queries.ticketsOpenSummary, {}, { timeoutMs }),
      request(nc, queries.ticketsList, { status: 'open', limit: TICKETS_KEPT }, { timeoutMs }),
      request(nc, queries.ticketsList, { status: 'claimed', limit: TICKETS_KEPT }, { timeoutMs }),
    ]);
    const tickets = [...unclaimed.tickets, ...claimed.tickets].sort(
      (a, b) => Date.parse(b.openedAt) - Date.parse(a.openedAt),
    );
    return { summary, tickets };
  };
}

export function fetchGuilds(nc: NatsConnection, timeoutMs: number) {
  return (): Promise<GuildList> => request(nc, queries.guildsList, {}, { timeoutMs });
}

export function fetchModeration(nc: NatsConnection, timeoutMs: number) {
  return (): Promise<ModerationLog> =>
    request(nc, queries.moderationRecent, { limit: ACTIONS_KEPT }, { timeoutMs });
}
