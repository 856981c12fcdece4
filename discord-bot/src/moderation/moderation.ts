// The moderation log: what a moderator did to a member (warn, timeout, kick, ban),
// and how the log is read — newest first, filtered, paged by a keyset cursor that
// names the last row of a page (its time and id), so pages stay stable while new
// actions arrive.
import { DomainError } from '../domain/errors.ts';

export const MODERATION_ACTIONS = ['warn', 'timeout', 'kick', 'ban'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;
export const MAX_REASON_LENGTH = 512;
/** Discord refuses a timeout longer than 28 days. */
export const MAX_TIMEOUT_SECONDS = 28 * 24 * 3600;

const SNOWFLAKE = /^\d{17,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DiscordUserRef {
  userId: string;
  username: string;
}

export interface NewModerationAction {
  guildId: string;
  action: ModerationAction;
  moderator: DiscordUserRef;
  target: DiscordUserRef;
  reason: string | null;
  /** Only for a timeout (required there). */
  durationSeconds: number | null;
}

export interface ModerationEntry extends NewModerationAction {
  id: string;
  createdAt: Date;
}

export interface ModerationCursor {
  createdAt: Date;
  id: string;
}

export interface ModerationQuery {
  guildIds: string[] | undefined;
  action: ModerationAction | undefined;
  targetId: string | undefined;
  moderatorId: string | undefined;
  since: Date | undefined;
  limit: number;
  after: ModerationCursor | undefined;
}

export interface ModerationPage {
  actions: ModerationEntry[];
  /** Pass back as cursor for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface ModerationStore {
  /** Writes the action and its moderationActionTaken event in one transaction. */
  record(action: NewModerationAction): Promise<ModerationEntry>;
  page(query: ModerationQuery): Promise<ModerationPage>;
  /** The guild's log channel (guild settings), or null. */
  logChannelOf(guildId: string): Promise<string | null>;
}

export function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value);
}

export function isModerationAction(value: string): value is ModerationAction {
  return (MODERATION_ACTIONS as readonly string[]).includes(value);
}

export function encodeCursor(entry: { createdAt: Date; id: string }): string {
  return Buffer.from(`${entry.createdAt.toISOString()}|${entry.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): ModerationCursor {
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

/** Checks a new action before anything is written; a bad one is refused whole. */
export function checkNewAction(input: NewModerationAction): NewModerationAction {
  if (!isSnowflake(input.guildId))
    throw new DomainError('invalid_input', 'guildId is not a Discord id');
  if (!isModerationAction(input.action)) {
    throw new DomainError(
      'invalid_input',
      `action must be one of ${MODERATION_ACTIONS.join(', ')}`,
    );
  }
  for (const [name, user] of [
    ['moderator', input.moderator],
    ['target', input.target],
  ] as const) {
    if (!isSnowflake(user.userId))
      throw new DomainError('invalid_input', `${name} is not a Discord id`);
    if (user.username.trim() === '') throw new DomainError('invalid_input', `${name} has no name`);
  }
  const reason = input.reason?.trim() || null;
  if (reason && reason.length > MAX_REASON_LENGTH) {
    throw new DomainError('invalid_input', `reason is longer than ${MAX_REASON_LENGTH} characters`);
  }
  const duration = input.durationSeconds;
  if (input.action === 'timeout') {
    if (
      duration === null ||
      !Number.isInteger(duration) ||
      duration < 1 ||
      duration > MAX_TIMEOUT_SECONDS
    ) {
      throw new DomainError(
        'invalid_input',
        `a timeout needs a duration from 1 second to 28 days (${MAX_TIMEOUT_SECONDS} seconds)`,
      );
    }
  } else if (duration !== null) {
    throw new DomainError('invalid_input', `only a timeout has a duration, not a ${input.action}`);
  }
  return { ...input, reason, durationSeconds: duration };
}

const QUERY_PARAMS = ['guild', 'action', 'target', 'moderator', 'since', 'limit', 'cursor'];

/**
 * Turns the query string of GET /api/moderation into a query; every bad value is
 * refused with what was expected. allowedGuilds (null: every guild) narrows the guilds.
 */
export function toModerationQuery(
  params: Record<string, string>,
  allowedGuilds: string[] | null = null,
): ModerationQuery {
  const unknown = Object.keys(params).filter((k) => !QUERY_PARAMS.includes(k));
  if (unknown.length > 0) {
    throw new DomainError(
      'invalid_input',
      `unknown query parameter ${unknown.join(', ')}; expected ${QUERY_PARAMS.join(', ')}`,
    );
  }
  const { guild, action, target, moderator, since, limit, cursor } = params;
  for (const [name, value] of [
    ['guild', guild],
    ['target', target],
    ['moderator', moderator],
  ] as const) {
    if (value !== undefined && !isSnowflake(value)) {
      throw new DomainError(
        'invalid_input',
        `${name} "${value}" is not a Discord id (17-20 digits)`,
      );
    }
  }
  if (action !== undefined && !isModerationAction(action)) {
    throw new DomainError(
      'invalid_input',
      `action "${action}" is not one of ${MODERATION_ACTIONS.join(', ')}`,
    );
  }
  let sinceDate: Date | undefined;
  if (since !== undefined) {
    sinceDate = new Date(since);
    if (!/^\d{4}-\d{2}-\d{2}/.test(since) || Number.isNaN(sinceDate.getTime())) {
      throw new DomainError(
        'invalid_input',
        `since "${since}" is not a date; use ISO 8601, e.g. 2026-11-28T09:00:00Z`,
      );
    }
  }
  if (limit !== undefined && !/^\d+$/.test(limit)) {
    throw new DomainError('invalid_input', `limit "${limit}" is not a whole number`);
  }
  const size = limit === undefined ? DEFAULT_PAGE_SIZE : Number(limit);
  if (size < 1 || size > MAX_PAGE_SIZE) {
    throw new DomainError(
      'invalid_input',
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
    );
  }
  let guildIds: string[] | undefined;
  if (allowedGuilds === null) guildIds = guild === undefined ? undefined : [guild];
  else guildIds = guild === undefined ? allowedGuilds : allowedGuilds.filter((g) => g === guild);
  return {
    guildIds,
    action: action as ModerationAction | undefined,
    targetId: target,
    moderatorId: moderator,
    since: sinceDate,
    limit: size,
    after: cursor === undefined ? undefined : decodeCursor(cursor),
  };
}
