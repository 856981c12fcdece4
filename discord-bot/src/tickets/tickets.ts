// Support tickets: what a ticket is and the rules every way of changing one
// follows (Discord buttons and commands, the web UI, the auto-close job).
// A ticket is 'open' or 'closed' in the table; an open ticket someone took is
// shown as 'claimed'. Reopening a closed ticket makes it open again.
import { DomainError } from '../domain/errors.ts';

export const MAX_CLOSE_REASON = 500;
export const MAX_SUBJECT = 200;
export const MAX_ANSWER = 1000;
export const MAX_QUESTIONS = 5;
export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export type StoredStatus = 'open' | 'closed';
/** What lists and events show: an open ticket with a claimer is 'claimed'. */
export type TicketStatus = 'open' | 'claimed' | 'closed';
export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'claimed', 'closed'];

export interface DiscordPerson {
  userId: string;
  username: string;
}

export interface TicketAnswer {
  question: string;
  answer: string;
}

export interface Ticket {
  id: string;
  guildId: string;
  number: number;
  channelId: string | null;
  openerId: string;
  openerTag: string;
  status: StoredStatus;
  answers: TicketAnswer[];
  memberIds: string[];
  claimedBy: DiscordPerson | null;
  claimedAt: Date | null;
  closedBy: DiscordPerson | null;
  closeReason: string | null;
  openedVia: 'discord' | 'web';
  createdAt: Date;
  lastActivityAt: Date;
  closedAt: Date | null;
}

export interface TranscriptMessage {
  messageId: string;
  authorId: string;
  authorTag: string;
  authorIsBot: boolean;
  content: string;
  attachments: { name: string; url: string; size: number }[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface TicketQuestion {
  label: string;
  style: 'short' | 'paragraph';
  required: boolean;
}

/** The guild settings tickets depend on (guild_settings; defaults when the row is absent). */
export interface TicketSettings {
  categoryId: string | null;
  staffRoleIds: string[];
  maxOpenPerMember: number;
  questions: TicketQuestion[];
  autoCloseHours: number | null;
}

export const DEFAULT_TICKET_SETTINGS: TicketSettings = {
  categoryId: null,
  staffRoleIds: [],
  maxOpenPerMember: 1,
  questions: [],
  autoCloseHours: null,
};

export function viewStatus(t: Pick<Ticket, 'status' | 'claimedBy'>): TicketStatus {
  if (t.status === 'closed') return 'closed';
  return t.claimedBy ? 'claimed' : 'open';
}

/** A one-line subject for lists and events: the first answer, else "Ticket #n". */
export function ticketSubject(t: Pick<Ticket, 'number' | 'answers'>): string {
  const first = t.answers
    .find((a) => a.answer.trim() !== '')
    ?.answer.trim()
    .replace(/\s+/g, ' ');
  if (!first) return `Ticket #${t.number}`;
  return first.length > MAX_SUBJECT ? `${first.slice(0, MAX_SUBJECT - 1)}…` : first;
}

/** The Discord channel name of a ticket: ticket-0007. */
export function channelName(number: number): string {
  return `ticket-${String(number).padStart(4, '0')}`;
}

const SNOWFLAKE = /^\d{17,20}$/;

export function checkSnowflake(value: string, what: string): string {
  if (!SNOWFLAKE.test(value)) {
    throw new DomainError('invalid_input', `${what} must be a Discord id (17 to 20 digits)`);
  }
  return value;
}

/** A trimmed close reason of at most 500 characters, or null for none. */
export function checkCloseReason(reason: string | null | undefined): string | null {
  const r = reason?.trim() ?? '';
  if (r.length > MAX_CLOSE_REASON) {
    throw new DomainError(
      'invalid_input',
      `the close reason is ${r.length} characters; at most ${MAX_CLOSE_REASON}`,
    );
  }
  return r === '' ? null : r;
}

/** Pairs answers with the guild's questions; required ones must be answered. */
export function checkAnswers(questions: TicketQuestion[], answers: string[]): TicketAnswer[] {
  if (answers.length > questions.length) {
    throw new DomainError(
      'invalid_input',
      `${answers.length} answers given; the guild asks ${questions.length} question(s)`,
    );
  }
  return questions.flatMap((q, i) => {
    const answer = (answers[i] ?? '').trim();
    if (answer.length > MAX_ANSWER) {
      throw new DomainError(
        'invalid_input',
        `the answer to "${q.label}" is longer than ${MAX_ANSWER} characters`,
      );
    }
    if (q.required && answer === '') {
      throw new DomainError('invalid_input', `"${q.label}" needs an answer`);
    }
    return answer === '' ? [] : [{ question: q.label, answer }];
  });
}

/** Why a member cannot open another ticket, or null when they may. */
export function openRefusal(openCount: number, max: number): string | null {
  if (openCount < max) return null;
  return max === 1
    ? 'you already have an open ticket; close it before opening another'
    : `you already have ${openCount} open tickets (the limit here is ${max}); close one first`;
}

export interface TicketFilter {
  guildIds: string[] | undefined;
  status: TicketStatus | undefined;
  memberId: string | undefined;
}

export interface TicketCursor {
  createdAt: Date;
  id: string;
}

export interface TicketPageQuery extends TicketFilter {
  limit: number;
  after: TicketCursor | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeCursor(t: Pick<Ticket, 'createdAt' | 'id'>): string {
  return Buffer.from(`${t.createdAt.toISOString()}|${t.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): TicketCursor {
  const [time, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  if (extra !== undefined || !id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new DomainError(
      'invalid_input',
      'cursor is not one this service gave out; pass the nextCursor of the previous page',
    );
  }
  return { createdAt, id };
}

export interface TicketPageInput {
  status?: string | undefined;
  guild?: string | undefined;
  member?: string | undefined;
  limit?: string | undefined;
  cursor?: string | undefined;
}

/** Checks a list request; nothing is read before this passes. */
export function toPageQuery(input: TicketPageInput): TicketPageQuery {
  const { status, guild, member, limit, cursor } = input;
  if (status !== undefined && !TICKET_STATUSES.includes(status as TicketStatus)) {
    throw new DomainError(
      'invalid_input',
      `status "${status}" is not one of ${TICKET_STATUSES.join(', ')}`,
    );
  }
  if (limit !== undefined && !/^\d+$/.test(limit)) {
    throw new DomainError('invalid_input', `limit "${limit}" is not a whole number`);
  }
  const n = limit === undefined ? DEFAULT_PAGE_SIZE : Number(limit);
  if (n < 1 || n > MAX_PAGE_SIZE) {
    throw new DomainError(
      'invalid_input',
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
    );
  }
  return {
    status: status as TicketStatus | undefined,
    guildIds: guild === undefined ? undefined : [checkSnowflake(guild, 'guild')],
    memberId: member === undefined ? undefined : checkSnowflake(member, 'member'),
    limit: n,
    after: cursor === undefined ? undefined : decodeCursor(cursor),
  };
}
