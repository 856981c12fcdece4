// The ticket operations every entry point shares (Discord buttons and commands,
// the web UI, the auto-close job): the rules in tickets.ts, the rows and events
// in the store, the Discord channel through the TicketDiscord port, which the
// bot provides while it is connected.
import type { Logger } from '@homelab/nats/runtime';
import { DomainError } from '../domain/errors.ts';
import type { NewTicket, TicketStore } from '../db/ticket-store.ts';
import {
  channelName,
  checkAnswers,
  checkCloseReason,
  type DiscordPerson,
  type Ticket,
  type TicketSettings,
} from './tickets.ts';

export const BOT_OFF_HINT =
  'the Discord bot is not connected, so no ticket channel can be made; set DISCORD_TOKEN (see GET /api/bot/status)';

/** What tickets need from Discord. Implemented by the bot (src/tickets/discord-tickets.ts). */
export interface TicketDiscord {
  /** The bot's own user, named as the closer when the job or the local admin closes. */
  botUser(): DiscordPerson;
  /** Makes the private channel: @everyone denied, the member, staff roles and the bot allowed. */
  createChannel(spec: {
    guildId: string;
    name: string;
    categoryId: string | null;
    memberIds: string[];
    staffRoleIds: string[];
    topic: string;
  }): Promise<string>;
  deleteChannel(channelId: string, reason: string): Promise<void>;
  /** The welcome message with Claim / Close buttons. */
  welcome(ticket: Ticket): Promise<void>;
  setMemberAccess(channelId: string, userId: string, allow: boolean): Promise<void>;
  say(channelId: string, content: string): Promise<void>;
  /** Posts the panel with the "Open ticket" button in a text channel of the guild; its message id. */
  postPanel(guildId: string, channelId: string): Promise<string>;
}

export interface OpenRequest {
  guildId: string;
  opener: DiscordPerson;
  /** Answers in the order of the guild's questions. */
  answers: string[];
  via: 'discord' | 'web';
}

export interface TicketService {
  readonly store: TicketStore;
  settings(guildId: string): Promise<TicketSettings>;
  open(req: OpenRequest): Promise<Ticket>;
  claim(ticketId: string, by: DiscordPerson): Promise<Ticket>;
  /** by: null → the bot closes (auto-close, or a web user without a Discord id). */
  close(
    ticketId: string,
    by: DiscordPerson | null,
    reason: string | null | undefined,
  ): Promise<Ticket>;
  /** by: null → the bot reopens (a web user without a Discord id). */
  reopen(ticketId: string, by: DiscordPerson | null): Promise<Ticket>;
  addMember(ticketId: string, userId: string): Promise<Ticket>;
  removeMember(ticketId: string, userId: string): Promise<Ticket>;
  /** Posts the ticket panel and remembers where (guild_settings). */
  postPanel(guildId: string, channelId: string): Promise<{ channelId: string; messageId: string }>;
  /**
   * The open ticket whose channel was deleted by hand in Discord is closed by the bot (its
   * transcript is already stored); null when the channel was no open ticket's.
   */
  channelGone(channelId: string): Promise<Ticket | null>;
  /** Closes every ticket idle past its guild's auto_close_hours; returns how many. */
  sweep(now?: Date): Promise<number>;
}

export function createTicketService(deps: {
  store: TicketStore;
  discord: () => TicketDiscord | null;
  logger: Logger;
}): TicketService {
  const { store, logger } = deps;
  const log = logger.child({ component: 'tickets' });

  function connected(): TicketDiscord {
    const discord = deps.discord();
    if (!discord) throw new DomainError('unavailable', BOT_OFF_HINT);
    return discord;
  }

  async function makeChannel(
    discord: TicketDiscord,
    t: { guildId: string; number: number; openerId: string; memberIds: string[] },
    settings: TicketSettings,
  ) {
    try {
      return await discord.createChannel({
        guildId: t.guildId,
        name: channelName(t.number),
        categoryId: settings.categoryId,
        memberIds: [t.openerId, ...t.memberIds],
        staffRoleIds: settings.staffRoleIds,
        topic: `Ticket #${t.number} of <@${t.openerId}>`,
      });
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const why = err instanceof Error ? err.message : String(err);
      throw new DomainError(
        'unavailable',
        `Discord did not make the ticket channel (${why}); the bot needs Manage Channels and ` +
          'Manage Roles, and the ticket category must be in this server',
        { cause: err },
      );
    }
  }

  /** Runs a Discord call after the database change; a failure is logged, not thrown. */
  async function afterwards(what: string, fn: () => Promise<void>) {
    try {
      await fn();
    } catch (err) {
      log.warn({ err }, `tickets: ${what} failed`);
    }
  }

  /** Deletes a channel made inside a transaction that then rolled back. */
  async function withCleanup<T>(
    discord: TicketDiscord,
    run: (made: (id: string) => string) => Promise<T>,
  ): Promise<T> {
    let channel: string | null = null;
    try {
      return await run((id) => (channel = id));
    } catch (err) {
      const orphan = channel as string | null;
      if (orphan) {
        await afterwards('removing the channel of a failed open', () =>
          discord.deleteChannel(orphan, 'ticket could not be stored'),
        );
      }
      throw err;
    }
  }

  return {
    store,
    settings: (guildId) => store.settings(guildId),

    async open(req) {
      const settings = await store.settings(req.guildId);
      const answers = checkAnswers(settings.questions, req.answers);
      const discord = connected();
      const input: NewTicket = {
        guildId: req.guildId,
        opener: req.opener,
        answers,
        openedVia: req.via,
      };
      const ticket = await withCleanup(discord, (made) =>
        store.open(input, async (number, current) =>
          made(
            await makeChannel(
              discord,
              { guildId: req.guildId, number, openerId: req.opener.userId, memberIds: [] },
              current,
            ),
          ),
        ),
      );
      await afterwards('the welcome message', () => discord.welcome(ticket));
      log.info({ ticketId: ticket.id, guildId: ticket.guildId, number: ticket.number }, 'opened');
      return ticket;
    },

    claim: (ticketId, by) => store.claim(ticketId, by),

    async close(ticketId, by, reason) {
      const why = checkCloseReason(reason);
      const discord = deps.discord();
      const closer = by ?? discord?.botUser();
      if (!closer) {
        throw new DomainError(
          'unavailable',
          'closing without a Discord identity names the bot as closer, and the bot is not connected; set DISCORD_TOKEN',
        );
      }
      const ticket = await store.close(ticketId, closer, why);
      // The transcript is already stored message by message; the channel goes.
      const channel = ticket.channelId;
      if (discord && channel) {
        await afterwards('deleting the ticket channel', () =>
          discord.deleteChannel(channel, `ticket #${ticket.number} closed`),
        );
      }
      log.info({ ticketId, number: ticket.number }, 'closed');
      return ticket;
    },

    async channelGone(channelId) {
      const open = await store.byChannel(channelId);
      if (!open || open.status !== 'open') return null;
      const bot = deps.discord()?.botUser();
      if (!bot) return null;
      const ticket = await store.close(open.id, bot, 'the ticket channel was deleted in Discord');
      log.info({ ticketId: ticket.id, number: ticket.number }, 'closed: its channel was deleted');
      return ticket;
    },

    async reopen(ticketId, by) {
      const discord = connected();
      const existing = await store.get(ticketId);
      if (!existing) throw new DomainError('not_found', `no ticket ${ticketId}`);
      const settings = await store.settings(existing.guildId);
      const ticket = await withCleanup(discord, (made) =>
        store.reopen(ticketId, by ?? discord.botUser(), async (t) =>
          made(await makeChannel(discord, t, settings)),
        ),
      );
      await afterwards('the welcome message', () => discord.welcome(ticket));
      return ticket;
    },

    async addMember(ticketId, userId) {
      const ticket = await store.addMember(ticketId, userId);
      const discord = deps.discord();
      const channel = ticket.channelId;
      if (discord && channel) {
        await discord.setMemberAccess(channel, userId, true);
      }
      return ticket;
    },

    async removeMember(ticketId, userId) {
      const ticket = await store.removeMember(ticketId, userId);
      const discord = deps.discord();
      const channel = ticket.channelId;
      if (discord && channel) {
        await discord.setMemberAccess(channel, userId, false);
      }
      return ticket;
    },

    async postPanel(guildId, channelId) {
      const messageId = await connected().postPanel(guildId, channelId);
      await store.savePanel(guildId, channelId, messageId);
      return { channelId, messageId };
    },

    async sweep(now = new Date()) {
      const discord = deps.discord();
      if (!discord) return 0;
      let closed = 0;
      for (const t of await store.idle(now)) {
        try {
          await this.close(t.id, null, 'closed automatically: no messages for a while');
          closed += 1;
        } catch (err) {
          if (err instanceof DomainError && err.code === 'conflict') continue;
          log.warn({ err, ticketId: t.id }, 'auto-close failed');
        }
      }
      if (closed > 0) log.info({ closed }, 'auto-closed idle tickets');
      return closed;
    },
  };
}
