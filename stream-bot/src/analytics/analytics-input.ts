// What the analytics and chat-log endpoints accept, checked before anything is
// read: known parameters only, real dates, bounded ranges and limits. Each
// refusal says what was wrong and what would be right.
import { PLATFORMS, type Platform } from '../chat/types.ts';
import { DomainError } from '../domain/errors.ts';
import type { MessageCursor } from '../db/analytics-store.ts';
import { addDays, dayOf, DAY_MS, parseDay } from './rollup.ts';

export const MAX_RANGE_DAYS = 366;
export const MAX_SESSIONS = 100;
export const MAX_MESSAGES = 200;
export const MAX_SEARCH_LENGTH = 200;

const invalid = (message: string) => new DomainError('invalid_input', message);

export function onlyParams(params: Record<string, string>, allowed: readonly string[]): void {
  const unknown = Object.keys(params).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw invalid(`unknown query parameter ${unknown.join(', ')}; expected ${allowed.join(', ')}`);
  }
}

export function wholeNumber(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

function day(name: string, value: string): string {
  if (!parseDay(value)) throw invalid(`${name} must be a date written YYYY-MM-DD, not "${value}"`);
  return value;
}

/** A YouTube channel id: UC and 22 characters of base64url. */
const YOUTUBE_CHANNEL = /^UC[A-Za-z0-9_-]{22}$/;

/** An empty channel= means all of them, as if it were left out. */
export function channelParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (YOUTUBE_CHANNEL.test(value.trim())) return value.trim();
  const channel = value.trim().replace(/^#/, '').toLowerCase();
  if (!/^[a-z0-9_]{1,25}$/.test(channel)) {
    throw invalid(
      `channel "${value}" is neither a Twitch channel name (letters, digits, _) nor a YouTube channel id (UC…)`,
    );
  }
  return channel;
}

/** An empty platform= means every platform, as if it were left out. */
export function platformParam(value: string | undefined): Platform | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(PLATFORMS as readonly string[]).includes(value)) {
    throw invalid(`platform must be one of ${PLATFORMS.join(', ')}, not "${value}"`);
  }
  return value as Platform;
}

export interface DayRange {
  from: string;
  to: string;
}

/** from/to as UTC days; defaults: the 30 days up to today. At most MAX_RANGE_DAYS days. */
export function dayRange(
  params: { from?: string | undefined; to?: string | undefined },
  now: Date,
): DayRange {
  const to = params.to === undefined ? dayOf(now) : day('to', params.to);
  const from = params.from === undefined ? addDays(to, -29) : day('from', params.from);
  if (from > to) throw invalid(`from (${from}) is after to (${to})`);
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days > MAX_RANGE_DAYS) {
    throw invalid(`from ${from} to ${to} is ${days} days; ask for at most ${MAX_RANGE_DAYS}`);
  }
  return { from, to };
}

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sessionId(value: string): string {
  if (!SESSION_ID.test(value)) throw invalid(`"${value}" is not a session id (a UUID)`);
  return value.toLowerCase();
}

export function searchText(value: string | undefined): string | undefined {
  const q = value?.trim();
  if (q && q.length > MAX_SEARCH_LENGTH) {
    throw invalid(`q is longer than ${MAX_SEARCH_LENGTH} characters`);
  }
  return q || undefined;
}

const MAX_BIGINT = 9_223_372_036_854_775_807n;

export function encodeMessageCursor(m: MessageCursor): string {
  return Buffer.from(`${m.sentAt.toISOString()}|${m.id}`).toString('base64url');
}

export function decodeMessageCursor(cursor: string | undefined): MessageCursor | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const [time, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const sentAt = new Date(time ?? '');
  if (
    extra !== undefined ||
    !id ||
    !/^\d{1,19}$/.test(id) ||
    BigInt(id) > MAX_BIGINT ||
    Number.isNaN(sentAt.getTime())
  ) {
    throw invalid(
      'cursor is not one this service gave out; pass the nextCursor of the previous page',
    );
  }
  return { sentAt, id };
}
