// Paging through facts newest first. The cursor names the last fact of a page
// (its time and id), so a page stays stable while new facts arrive.
import { DomainError } from './errors.ts';
import type { Fact, FactSource } from './facts.ts';
import { toFactSource } from './facts.ts';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_QUERY_LENGTH = 200;

export interface FactCursor {
  createdAt: Date;
  id: string;
}

export interface FactQuery {
  /** Case-insensitive substring of the text. */
  q: string | undefined;
  source: FactSource | undefined;
  limit: number;
  after: FactCursor | undefined;
}

export interface FactPage {
  facts: Fact[];
  /** Pass back as cursor for the next page; null on the last one. */
  nextCursor: string | null;
}

export interface FactPageInput {
  q?: string | undefined;
  source?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(fact: Fact): string {
  return Buffer.from(`${fact.createdAt.toISOString()}|${fact.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): FactCursor {
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

/** Checks what a person or another service asked for; nothing is read before this passes. */
export function toFactQuery(input: FactPageInput): FactQuery {
  const q = input.q?.trim();
  if (q && q.length > MAX_QUERY_LENGTH) {
    throw new DomainError('invalid_input', `q is longer than ${MAX_QUERY_LENGTH} characters`);
  }
  // PostgreSQL text cannot hold NUL: the search would fail in the database, not match nothing.
  if (q?.includes('\u0000')) {
    throw new DomainError('invalid_input', 'q must not contain a NUL character');
  }
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DomainError(
      'invalid_input',
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
    );
  }
  return {
    q: q || undefined,
    source: input.source === undefined ? undefined : toFactSource(input.source),
    limit,
    after: input.cursor === undefined ? undefined : decodeCursor(input.cursor),
  };
}
