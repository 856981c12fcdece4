// Tickets and their transcripts in discord-bot's database. Every state change
// writes its row and its event (ticketOpened / ticketClaimed / ticketClosed)
// in one transaction through the outbox, so an event exists exactly when the
// change does. Numbers are 1, 2, 3 … per guild without gaps: opening takes a
// transaction-scoped advisory lock per guild, so two opens in one guild run one
// after the other, and a failed open (refused, or the Discord channel could not
// be made) rolls back and leaves its number free.
import { enqueueEvent, events } from '@homelab/nats';
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import { DomainError } from '../domain/errors.ts';
import {
  DEFAULT_TICKET_SETTINGS,
  encodeCursor,
  openRefusal,
  ticketSubject,
  type DiscordPerson,
  type Ticket,
  type TicketAnswer,
  type TicketFilter,
  type TicketPageQuery,
  type TicketQuestion,
  type TicketSettings,
  type TranscriptMessage,
} from '../tickets/tickets.ts';

/** First key of the per-guild advisory lock taken while opening a ticket. */
const OPEN_LOCK_CLASS = 7401;

type Stamp = Date | string;

interface TicketRow {
  id: string;
  guild_id: string;
  number: number;
  channel_id: string | null;
  opener_id: string;
  opener_tag: string;
  status: string;
  answers: unknown;
  member_ids: string[];
  claimed_by: string | null;
  claimed_by_tag: string | null;
  claimed_at: Stamp | null;
  closed_by: string | null;
  closed_by_tag: string | null;
  close_reason: string | null;
  opened_via: string;
  created_at: Stamp;
  last_activity_at: Stamp;
  closed_at: Stamp | null;
}

interface MessageRow {
  message_id: string;
  author_id: string;
  author_tag: string;
  author_is_bot: boolean;
  content: string;
  attachments: unknown;
  created_at: Stamp;
  edited_at: Stamp | null;
  deleted_at: Stamp | null;
}

const COLUMNS = `id, guild_id, number, channel_id, opener_id, opener_tag, status, answers,
member_ids, claimed_by, claimed_by_tag, claimed_at, closed_by, closed_by_tag, close_reason,
opened_via, created_at, last_activity_at, closed_at`;

const date = (v: Stamp) => new Date(v);
const dateOrNull = (v: Stamp | null) => (v === null ? null : new Date(v));
const person = (id: string | null, tag: string | null): DiscordPerson | null =>
  id === null ? null : { userId: id, username: tag || id };

function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function fromRow(r: TicketRow): Ticket {
  return {
    id: r.id,
    guildId: r.guild_id,
    number: Number(r.number),
    channelId: r.channel_id,
    openerId: r.opener_id,
    openerTag: r.opener_tag,
    status: r.status === 'closed' ? 'closed' : 'open',
    answers: json<TicketAnswer[]>(r.answers) ?? [],
    memberIds: r.member_ids ?? [],
    claimedBy: person(r.claimed_by, r.claimed_by_tag),
    claimedAt: dateOrNull(r.claimed_at),
    closedBy: person(r.closed_by, r.closed_by_tag),
    closeReason: r.close_reason,
    openedVia: r.opened_via === 'web' ? 'web' : 'discord',
    createdAt: date(r.created_at),
    lastActivityAt: date(r.last_activity_at),
    closedAt: dateOrNull(r.closed_at),
  };
}

function fromMessageRow(r: MessageRow): TranscriptMessage {
  return {
    messageId: r.message_id,
    authorId: r.author_id,
    authorTag: r.author_tag,
    authorIsBot: r.author_is_bot,
    content: r.content,
    attachments: json<TranscriptMessage['attachments']>(r.attachments) ?? [],
    createdAt: date(r.created_at),
    editedAt: dateOrNull(r.edited_at),
    deletedAt: dateOrNull(r.deleted_at),
  };
}

export interface NewTicket {
  guildId: string;
  opener: DiscordPerson;
  answers: TicketAnswer[];
  openedVia: 'discord' | 'web';
}

export interface IncomingMessage {
  messageId: string;
  channelId: string;
  authorId: string;
  authorTag: string;
  authorIsBot: boolean;
  content: string;
  attachments: { name: string; url: string; size: number }[];
  createdAt: Date;
}

export interface TicketPage {
  tickets: Ticket[];
  nextCursor: string | null;
}

export interface OpenSummary {
  open: number;
  claimed: number;
  oldestOpenedAt: Date | null;
}

export interface TicketStore {
  /** The guild's ticket settings (defaults when it has none). */
  settings(guildId: string): Promise<TicketSettings>;
  /**
   * Opens a ticket: checks the member's open-ticket limit, takes the next number,
   * asks makeChannel for the Discord channel (inside the transaction: if it
   * throws, nothing is written), stores the row and ticketOpened.
   */
  open(
    input: NewTicket,
    makeChannel: (number: number, settings: TicketSettings) => Promise<string>,
  ): Promise<Ticket>;
  claim(ticketId: string, by: DiscordPerson): Promise<Ticket>;
  /** Closes an open ticket and stores ticketClosed. */
  close(ticketId: string, by: DiscordPerson, reason: string | null): Promise<Ticket>;
  /**
   * Opens a closed ticket again in a new channel (makeChannel runs inside the transaction) and
   * stores ticketReopened.
   */
  reopen(
    ticketId: string,
    by: DiscordPerson,
    makeChannel: (t: Ticket) => Promise<string>,
  ): Promise<Ticket>;
  addMember(ticketId: string, userId: string): Promise<Ticket>;
  removeMember(ticketId: string, userId: string): Promise<Ticket>;
  get(ticketId: string): Promise<Ticket | null>;
  byChannel(channelId: string): Promise<Ticket | null>;
  page(query: TicketPageQuery): Promise<TicketPage>;
  transcript(ticketId: string): Promise<TranscriptMessage[]>;
  /** Stores a message written in a ticket channel once; false when the channel is no ticket's. */
  recordMessage(msg: IncomingMessage): Promise<boolean>;
  markEdited(messageId: string, content: string, at: Date): Promise<boolean>;
  markDeleted(messageId: string, at: Date): Promise<boolean>;
  /** Open tickets idle longer than their guild's auto_close_hours. */
  idle(now: Date): Promise<Ticket[]>;
  openSummary(guildIds?: string[]): Promise<OpenSummary>;
  /** Remembers where the guild's ticket panel message is. */
  savePanel(guildId: string, channelId: string, messageId: string): Promise<void>;
}

function whereOf(filter: TicketFilter, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (filter.guildIds) where.push(`guild_id = ANY(${add(filter.guildIds)}::text[])`);
  if (filter.memberId) {
    const p = add(filter.memberId);
    where.push(`(opener_id = ${p} OR ${p} = ANY(member_ids))`);
  }
  if (filter.status === 'closed') where.push(`status = 'closed'`);
  if (filter.status === 'open') where.push(`status = 'open' AND claimed_by IS NULL`);
  if (filter.status === 'claimed') where.push(`status = 'open' AND claimed_by IS NOT NULL`);
  return where;
}

export function createTicketStore(sql: SqlDatabase): TicketStore {
  async function lockTicket(tx: SqlClient, ticketId: string): Promise<Ticket> {
    const [row] = await tx.query<TicketRow>(
      `SELECT ${COLUMNS} FROM tickets WHERE id = $1::uuid FOR UPDATE`,
      [ticketId],
    );
    if (!row) throw new DomainError('not_found', `no ticket ${ticketId}`);
    return fromRow(row);
  }

  async function update(tx: SqlClient, ticketId: string, set: string, params: unknown[]) {
    const [row] = await tx.query<TicketRow>(
      `UPDATE tickets SET ${set} WHERE id = $1::uuid RETURNING ${COLUMNS}`,
      [ticketId, ...params],
    );
    if (!row) throw new DomainError('not_found', `no ticket ${ticketId}`);
    return fromRow(row);
  }

  async function settingsOf(tx: SqlClient, guildId: string): Promise<TicketSettings> {
    const [row] = await tx.query<{
      ticket_category_id: string | null;
      staff_role_ids: string[];
      max_open_tickets_per_member: number;
      ticket_questions: unknown;
      auto_close_hours: number | null;
    }>(
      `SELECT ticket_category_id, staff_role_ids, max_open_tickets_per_member, ticket_questions,
       auto_close_hours FROM guild_settings WHERE guild_id = $1`,
      [guildId],
    );
    if (!row) return DEFAULT_TICKET_SETTINGS;
    return {
      categoryId: row.ticket_category_id,
      staffRoleIds: row.staff_role_ids ?? [],
      maxOpenPerMember: Number(row.max_open_tickets_per_member),
      questions: json<TicketQuestion[]>(row.ticket_questions) ?? [],
      autoCloseHours: row.auto_close_hours === null ? null : Number(row.auto_close_hours),
    };
  }

  const openOnly = (t: Ticket) => {
    if (t.status === 'closed') {
      throw new DomainError('conflict', `ticket #${t.number} is closed`);
    }
  };

  return {
    settings: (guildId) => settingsOf(sql, guildId),

    open: (input, makeChannel) =>
      sql.transaction(async (tx) => {
        // Held until commit: the next open in this guild waits here, then sees this row.
        await tx.query('SELECT 1 AS locked FROM pg_advisory_xact_lock($1, hashtext($2))', [
          OPEN_LOCK_CLASS,
          input.guildId,
        ]);
        const settings = await settingsOf(tx, input.guildId);
        const [counts] = await tx.query<{ mine: number; next: number }>(
          `SELECT
             (SELECT count(*)::int FROM tickets
               WHERE guild_id = $1 AND opener_id = $2 AND status = 'open') AS mine,
             (SELECT COALESCE(max(number), 0)::int + 1 FROM tickets WHERE guild_id = $1) AS next`,
          [input.guildId, input.opener.userId],
        );
        const refusal = openRefusal(Number(counts?.mine ?? 0), settings.maxOpenPerMember);
        if (refusal) throw new DomainError('conflict', refusal);
        const number = Number(counts?.next ?? 1);
        const channelId = await makeChannel(number, settings);
        const [row] = await tx.query<TicketRow>(
          `INSERT INTO tickets (guild_id, number, channel_id, opener_id, opener_tag, answers, opened_via)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING ${COLUMNS}`,
          [
            input.guildId,
            number,
            channelId,
            input.opener.userId,
            input.opener.username,
            JSON.stringify(input.answers),
            input.openedVia,
          ],
        );
        if (!row) throw new Error('INSERT … RETURNING gave no row');
        const ticket = fromRow(row);
        await enqueueEvent(
          tx,
          events.ticketOpened,
          {
            ticketId: ticket.id,
            guildId: ticket.guildId,
            channelId,
            openedBy: input.opener,
            subject: ticketSubject(ticket),
          },
          { aggregateId: ticket.id, occurredAt: ticket.createdAt },
        );
        return ticket;
      }),

    claim: (ticketId, by) =>
      sql.transaction(async (tx) => {
        const t = await lockTicket(tx, ticketId);
        openOnly(t);
        if (t.claimedBy?.userId === by.userId) return t;
        if (t.claimedBy) {
          throw new DomainError(
            'conflict',
            `ticket #${t.number} is already claimed by ${t.claimedBy.username}`,
          );
        }
        const claimed = await update(
          tx,
          ticketId,
          'claimed_by = $2, claimed_by_tag = $3, claimed_at = now()',
          [by.userId, by.username],
        );
        await enqueueEvent(
          tx,
          events.ticketClaimed,
          { ticketId, guildId: t.guildId, claimedBy: by },
          { aggregateId: ticketId },
        );
        return claimed;
      }),

    close: (ticketId, by, reason) =>
      sql.transaction(async (tx) => {
        const t = await lockTicket(tx, ticketId);
        if (t.status === 'closed') {
          throw new DomainError('conflict', `ticket #${t.number} is already closed`);
        }
        const closed = await update(
          tx,
          ticketId,
          `status = 'closed', closed_by = $2, closed_by_tag = $3, close_reason = $4,
           closed_at = now()`,
          [by.userId, by.username, reason],
        );
        await enqueueEvent(
          tx,
          events.ticketClosed,
          { ticketId, guildId: t.guildId, closedBy: by, reason },
          { aggregateId: ticketId },
        );
        return closed;
      }),

    reopen: (ticketId, by, makeChannel) =>
      sql.transaction(async (tx) => {
        const t = await lockTicket(tx, ticketId);
        if (t.status !== 'closed') {
          throw new DomainError('conflict', `ticket #${t.number} is not closed`);
        }
        const channelId = await makeChannel(t);
        const reopened = await update(
          tx,
          ticketId,
          `status = 'open', channel_id = $2, closed_by = NULL, closed_by_tag = NULL,
           close_reason = NULL, closed_at = NULL, last_activity_at = now()`,
          [channelId],
        );
        await enqueueEvent(
          tx,
          events.ticketReopened,
          { ticketId, guildId: t.guildId, channelId, reopenedBy: by },
          { aggregateId: ticketId },
        );
        return reopened;
      }),

    addMember: (ticketId, userId) =>
      sql.transaction(async (tx) => {
        const t = await lockTicket(tx, ticketId);
        openOnly(t);
        if (userId === t.openerId || t.memberIds.includes(userId)) return t;
        return update(tx, ticketId, 'member_ids = array_append(member_ids, $2)', [userId]);
      }),

    removeMember: (ticketId, userId) =>
      sql.transaction(async (tx) => {
        const t = await lockTicket(tx, ticketId);
        openOnly(t);
        if (userId === t.openerId) {
          throw new DomainError('invalid_input', 'the member who opened a ticket stays in it');
        }
        if (!t.memberIds.includes(userId)) {
          throw new DomainError('not_found', `<@${userId}> is not added to ticket #${t.number}`);
        }
        return update(tx, ticketId, 'member_ids = array_remove(member_ids, $2)', [userId]);
      }),

    get: async (ticketId) => {
      const [row] = await sql.query<TicketRow>(
        `SELECT ${COLUMNS} FROM tickets WHERE id = $1::uuid`,
        [ticketId],
      );
      return row ? fromRow(row) : null;
    },

    byChannel: async (channelId) => {
      const [row] = await sql.query<TicketRow>(
        `SELECT ${COLUMNS} FROM tickets WHERE channel_id = $1`,
        [channelId],
      );
      return row ? fromRow(row) : null;
    },

    page: async (query) => {
      const params: unknown[] = [];
      const where = whereOf(query, params);
      if (query.after) {
        params.push(query.after.createdAt.toISOString(), query.after.id);
        const [t, id] = [`$${params.length - 1}::timestamptz`, `$${params.length}::uuid`];
        where.push(`(created_at < ${t} OR (created_at = ${t} AND id < ${id}))`);
      }
      params.push(query.limit + 1);
      const rows = await sql.query<TicketRow>(
        `SELECT ${COLUMNS} FROM tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      const tickets = rows.slice(0, query.limit).map(fromRow);
      const last = tickets.at(-1);
      return {
        tickets,
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },

    transcript: async (ticketId) => {
      const rows = await sql.query<MessageRow>(
        `SELECT message_id, author_id, author_tag, author_is_bot, content, attachments,
         created_at, edited_at, deleted_at FROM ticket_messages
         WHERE ticket_id = $1::uuid ORDER BY created_at, length(message_id), message_id`,
        [ticketId],
      );
      return rows.map(fromMessageRow);
    },

    recordMessage: async (msg) => {
      // One statement: most messages are in no ticket channel, and this is all they cost.
      const [row] = await sql.query<{ tickets: number }>(
        `WITH t AS (SELECT id FROM tickets WHERE channel_id = $1),
         ins AS (
           INSERT INTO ticket_messages (ticket_id, message_id, author_id, author_tag,
             author_is_bot, content, attachments, created_at)
           SELECT t.id, $2, $3, $4, $5, $6, $7::jsonb, $8::timestamptz FROM t
           ON CONFLICT (message_id) DO NOTHING
         ),
         upd AS (
           UPDATE tickets SET last_activity_at = GREATEST(last_activity_at, $8::timestamptz)
           WHERE id IN (SELECT id FROM t)
         )
         SELECT count(*)::int AS tickets FROM t`,
        [
          msg.channelId,
          msg.messageId,
          msg.authorId,
          msg.authorTag,
          msg.authorIsBot,
          msg.content,
          JSON.stringify(msg.attachments),
          msg.createdAt.toISOString(),
        ],
      );
      return Number(row?.tickets ?? 0) > 0;
    },

    markEdited: async (messageId, content, at) =>
      (await sql.execute(
        `UPDATE ticket_messages SET content = $2, edited_at = $3::timestamptz
         WHERE message_id = $1`,
        [messageId, content, at.toISOString()],
      )) > 0,

    markDeleted: async (messageId, at) =>
      (await sql.execute(
        `UPDATE ticket_messages SET deleted_at = $2::timestamptz
         WHERE message_id = $1 AND deleted_at IS NULL`,
        [messageId, at.toISOString()],
      )) > 0,

    idle: async (now) => {
      const rows = await sql.query<TicketRow>(
        `SELECT ${COLUMNS.split(',')
          .map((c) => `t.${c.trim()}`)
          .join(', ')}
         FROM tickets t JOIN guild_settings s ON s.guild_id = t.guild_id
         WHERE t.status = 'open' AND s.auto_close_hours IS NOT NULL
           AND t.last_activity_at < $1::timestamptz - make_interval(hours => s.auto_close_hours)
         ORDER BY t.last_activity_at LIMIT 100`,
        [now.toISOString()],
      );
      return rows.map(fromRow);
    },

    savePanel: async (guildId, channelId, messageId) => {
      await sql.execute(
        `INSERT INTO guild_settings (guild_id, panel_channel_id, panel_message_id, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (guild_id) DO UPDATE SET panel_channel_id = $2, panel_message_id = $3,
           updated_at = now()`,
        [guildId, channelId, messageId],
      );
    },

    openSummary: async (guildIds) => {
      const params: unknown[] = [];
      const where = whereOf({ guildIds, status: undefined, memberId: undefined }, params);
      where.push(`status = 'open'`);
      const [row] = await sql.query<{
        open: number;
        claimed: number;
        oldest: Stamp | null;
      }>(
        `SELECT count(*)::int AS open, count(claimed_by)::int AS claimed,
         min(created_at) AS oldest FROM tickets WHERE ${where.join(' AND ')}`,
        params,
      );
      return {
        open: Number(row?.open ?? 0),
        claimed: Number(row?.claimed ?? 0),
        oldestOpenedAt: row?.oldest ? new Date(row.oldest) : null,
      };
    },
  };
}
