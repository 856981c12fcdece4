// A tiny discord-bot for the dashboard's tests, built only from @homelab/nats
// and connected as the discord NATS user. It keeps tickets, guilds and
// moderation actions in memory, answers discord-bot's read-only queries from
// them, and each change it makes is published as discord-bot's real event into
// DISCORD_EVENTS through JetStream. The real discord-bot is never imported.
import { randomUUID } from 'node:crypto';
import {
  closeBus,
  ensureStreams,
  events,
  makeEnvelope,
  queries,
  startQueryService,
  type EventContract,
  type EventData,
  type QueryResponse,
  type QueryService,
} from '@homelab/nats';
import type { NatsConnection } from 'nats';

type Ticket = QueryResponse<typeof queries.ticketsList>['tickets'][number];
type Guild = QueryResponse<typeof queries.guildsList>['guilds'][number];
type Action = QueryResponse<typeof queries.moderationRecent>['actions'][number];
type User = { userId: string; username: string };

export const GUILD_ID = '1098765432109876543';
export const PETE: User = { userId: '312456789012345678', username: 'pixel_pete' };
export const MARIA: User = { userId: '298765432109876543', username: 'mod_maria' };

const newestFirst = <T>(list: T[], at: (x: T) => string) =>
  [...list].sort((a, b) => Date.parse(at(b)) - Date.parse(at(a)));

export async function standInDiscord(connect: () => Promise<NatsConnection>) {
  const nc = await connect();
  await ensureStreams(nc, 'discord');
  /** What the stand-in holds; tests may also set it directly (no event then). */
  const state = { tickets: [] as Ticket[], guilds: [] as Guild[], actions: [] as Action[] };
  let responder: QueryService | undefined;

  async function publish<C extends EventContract>(contract: C, data: EventData<C>, at: string) {
    const envelope = makeEnvelope(contract, data, { occurredAt: at });
    const ack = await nc
      .jetstream()
      .publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id });
    return ack.seq;
  }
  const ticket = (id: string) => {
    const t = state.tickets.find((x) => x.ticketId === id);
    if (!t) throw new Error(`the stand-in has no ticket ${id}`);
    return t;
  };
  const open = () => state.tickets.filter((t) => t.status !== 'closed');

  return {
    state,
    async answer() {
      responder ??= await startQueryService(nc, {
        service: 'discord',
        version: '0.0.0-test',
        handlers: {
          [queries.ticketsOpenSummary.subject]: async () => {
            const claimed = open().filter((t) => t.status === 'claimed').length;
            const oldest = newestFirst(open(), (t) => t.openedAt).at(-1);
            return {
              open: open().length,
              claimed,
              unclaimed: open().length - claimed,
              oldestOpenedAt: oldest?.openedAt ?? null,
            };
          },
          [queries.ticketsList.subject]: async (req) => ({
            tickets: newestFirst(
              state.tickets.filter((t) => !req.status || t.status === req.status),
              (t) => t.openedAt,
            ).slice(0, req.limit ?? 25),
          }),
          [queries.guildsList.subject]: async () => ({ guilds: state.guilds }),
          [queries.moderationRecent.subject]: async (req) => ({
            actions: newestFirst(state.actions, (a) => a.createdAt).slice(0, req.limit ?? 25),
          }),
        },
      });
    },
    async silence() {
      await responder?.stop();
      responder = undefined;
    },

    async openTicket(subject: string, at = new Date().toISOString()): Promise<Ticket> {
      const t: Ticket = {
        ticketId: randomUUID(),
        guildId: GUILD_ID,
        subject,
        status: 'open',
        openedBy: PETE,
        claimedBy: null,
        openedAt: at,
        closedAt: null,
      };
      state.tickets.push(t);
      const channelId = '1122334455667788990';
      await publish(
        events.ticketOpened,
        { ticketId: t.ticketId, guildId: GUILD_ID, channelId, openedBy: PETE, subject },
        at,
      );
      return t;
    },
    async claimTicket(ticketId: string) {
      Object.assign(ticket(ticketId), { status: 'claimed', claimedBy: MARIA });
      await publish(
        events.ticketClaimed,
        { ticketId, guildId: GUILD_ID, claimedBy: MARIA },
        new Date().toISOString(),
      );
    },
    async closeTicket(ticketId: string) {
      const at = new Date().toISOString();
      Object.assign(ticket(ticketId), { status: 'closed', closedAt: at });
      await publish(
        events.ticketClosed,
        { ticketId, guildId: GUILD_ID, closedBy: MARIA, reason: null },
        at,
      );
    },
    async reopenTicket(ticketId: string) {
      Object.assign(ticket(ticketId), { status: 'open', claimedBy: null, closedAt: null });
      await publish(
        events.ticketReopened,
        { ticketId, guildId: GUILD_ID, channelId: '1122334455667788991', reopenedBy: MARIA },
        new Date().toISOString(),
      );
    },
    async joinGuild(guildId: string, name: string, memberCount: number): Promise<Guild> {
      const at = new Date().toISOString();
      const g = { guildId, name, memberCount, joinedAt: at };
      state.guilds.push(g);
      await publish(events.guildJoined, { guildId, name, memberCount }, at);
      return g;
    },
    async leaveGuild(guildId: string) {
      const gone = state.guilds.find((g) => g.guildId === guildId);
      state.guilds = state.guilds.filter((g) => g !== gone);
      const name = gone?.name ?? 'gone';
      await publish(events.guildLeft, { guildId, name }, new Date().toISOString());
    },
    async moderate(action: Action['action'], reason: string): Promise<Action> {
      const a: Action = {
        actionId: randomUUID(),
        guildId: GUILD_ID,
        action,
        target: PETE,
        moderator: MARIA,
        reason,
        durationSeconds: action === 'timeout' ? 600 : null,
        createdAt: new Date().toISOString(),
      };
      state.actions.push(a);
      const { createdAt, ...data } = a;
      await publish(events.moderationActionTaken, data, createdAt);
      return a;
    },
    async close() {
      await responder?.stop();
      await closeBus(nc);
    },
  };
}
