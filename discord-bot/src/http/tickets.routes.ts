// /api/tickets: list (filters, keyset paging), one ticket with its transcript,
// open on a member's behalf, close. Input is checked before anything is read
// or written; a refused request writes nothing.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import { everyGuild, requireGuild, type GuildAccess } from './guild-access.ts';
import { readJsonBody } from './json-body.ts';
import {
  isUuid,
  MAX_ANSWER,
  MAX_CLOSE_REASON,
  MAX_QUESTIONS,
  ticketSubject,
  toPageQuery,
  viewStatus,
  type Ticket,
  type TranscriptMessage,
} from '../tickets/tickets.ts';

const LIST_PARAMS = ['status', 'guild', 'member', 'limit', 'cursor'];
const snowflake = z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17 to 20 digits)');

const openBody = z.strictObject({
  guildId: snowflake,
  memberId: snowflake,
  memberTag: z.string().trim().min(1).max(64),
  answers: z.array(z.string().max(MAX_ANSWER)).max(MAX_QUESTIONS).optional(),
});
const closeBody = z.strictObject({ reason: z.string().max(MAX_CLOSE_REASON).nullish() });

export function ticketJson(t: Ticket) {
  return {
    id: t.id,
    guildId: t.guildId,
    number: t.number,
    channelId: t.channelId,
    status: viewStatus(t),
    subject: ticketSubject(t),
    openedBy: { userId: t.openerId, username: t.openerTag },
    openedVia: t.openedVia,
    answers: t.answers,
    memberIds: t.memberIds,
    claimedBy: t.claimedBy,
    claimedAt: t.claimedAt?.toISOString() ?? null,
    closedBy: t.closedBy,
    closeReason: t.closeReason,
    createdAt: t.createdAt.toISOString(),
    lastActivityAt: t.lastActivityAt.toISOString(),
    closedAt: t.closedAt?.toISOString() ?? null,
  };
}

function messageJson(m: TranscriptMessage) {
  return {
    ...m,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    deletedAt: m.deletedAt?.toISOString() ?? null,
  };
}

/**
 * access: the guilds the caller manages (everyGuild until the web login narrows it)
 * and their Discord identity, named as the closer (none: the bot is named).
 */
export function ticketRoutes(tickets: TicketService, access: GuildAccess = everyGuild) {
  /** The ticket, or 404 when it does not exist or is in a guild the user does not manage. */
  async function visible(c: Context, id: string) {
    const ticket = isUuid(id) ? await tickets.store.get(id) : null;
    const allowed = await access.allowedGuilds(c);
    if (!ticket || (allowed !== null && !allowed.includes(ticket.guildId))) {
      throw new DomainError('not_found', `no ticket ${id}`);
    }
    return ticket;
  }

  return new Hono()
    .get('/', async (c) => {
      const params = c.req.query();
      const unknown = Object.keys(params).filter((k) => !LIST_PARAMS.includes(k));
      if (unknown.length > 0) {
        throw new DomainError(
          'invalid_input',
          `unknown query parameter ${unknown.join(', ')}; expected ${LIST_PARAMS.join(', ')}`,
        );
      }
      const query = toPageQuery(params);
      const allowed = await access.allowedGuilds(c);
      if (allowed !== null) {
        query.guildIds = query.guildIds
          ? query.guildIds.filter((g) => allowed.includes(g))
          : allowed;
      }
      const page = await tickets.store.page(query);
      return c.json({ tickets: page.tickets.map(ticketJson), nextCursor: page.nextCursor });
    })
    .get('/:id', async (c) => {
      const ticket = await visible(c, c.req.param('id'));
      const transcript = await tickets.store.transcript(ticket.id);
      return c.json({ ticket: ticketJson(ticket), transcript: transcript.map(messageJson) });
    })
    .post('/', async (c) => {
      const body = await readJsonBody(c, openBody);
      await requireGuild(access, c, body.guildId);
      const ticket = await tickets.open({
        guildId: body.guildId,
        opener: { userId: body.memberId, username: body.memberTag },
        answers: body.answers ?? [],
        via: 'web',
      });
      return c.json({ ticket: ticketJson(ticket) }, 201);
    })
    .post('/:id/close', async (c) => {
      const body = await readJsonBody(c, closeBody);
      const ticket = await visible(c, c.req.param('id'));
      // A web user without a Discord id (the local admin) closes as the bot.
      const actor = await access.actor(c);
      const closer = actor && /^\d{17,20}$/.test(actor.userId) ? actor : null;
      const closed = await tickets.close(ticket.id, closer, body.reason);
      return c.json({ ticket: ticketJson(closed) });
    });
}

const panelBody = z.strictObject({ channelId: snowflake });

/** POST /api/guilds/:id/ticket-panel {channelId}: posts the "Open ticket" panel there. */
export function ticketPanelRoutes(tickets: TicketService, access: GuildAccess = everyGuild) {
  return new Hono().post('/:id/ticket-panel', async (c) => {
    const guildId = c.req.param('id');
    if (!/^\d{17,20}$/.test(guildId)) {
      throw new DomainError('invalid_input', 'the guild id must be a Discord id (17 to 20 digits)');
    }
    const body = await readJsonBody(c, panelBody);
    await requireGuild(access, c, guildId);
    const panel = await tickets.postPanel(guildId, body.channelId);
    return c.json({ panel }, 201);
  });
}
