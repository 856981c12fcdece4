// The resume cursor of the live feed, sent as each SSE message's `id:` and
// handed back by a reconnecting EventSource as Last-Event-ID: per stream, the
// last sequence the browser has been given everything up to, e.g.
// `streambot:120,discord:7,dashboard:33`. Per stream rather than one event id
// because events of different streams have no common order to resume in.

/** Service name → last stream sequence covered. */
export type FeedCursor = Map<string, number>;

export type CursorParse = { ok: true; cursor: FeedCursor } | { ok: false; problem: string };

const PART = /^([a-z][a-z0-9-]*):(0|[1-9][0-9]{0,19})$/;
const MAX_LENGTH = 512;

/** Reads a Last-Event-ID strictly: known services only, each once, whole sequences. */
export function parseCursor(raw: string, services: readonly string[]): CursorParse {
  const bad = (why: string): CursorParse => ({
    ok: false,
    problem: `Last-Event-ID ${JSON.stringify(raw.slice(0, 80))} is not a feed cursor (${why}); starting afresh`,
  });
  if (raw.length === 0 || raw.length > MAX_LENGTH) return bad('expected 1-512 characters');
  const cursor: FeedCursor = new Map();
  for (const part of raw.split(',')) {
    const m = PART.exec(part);
    if (!m) return bad('expected service:sequence pairs separated by commas');
    const [, service = '', seq = ''] = m;
    if (!services.includes(service)) return bad(`unknown service "${service}"`);
    if (cursor.has(service)) return bad(`"${service}" given twice`);
    const n = Number(seq);
    if (!Number.isSafeInteger(n)) return bad(`sequence ${seq} is too large`);
    cursor.set(service, n);
  }
  return { ok: true, cursor };
}

/** The cursor as an SSE id, services in the given order. */
export function formatCursor(cursor: FeedCursor, services: readonly string[]): string {
  return services
    .filter((s) => cursor.has(s))
    .map((s) => `${s}:${cursor.get(s)}`)
    .join(',');
}
