// What a browser opening the live feed is sent before the live events: the
// newest few when it comes fresh, or exactly what it missed when it resumes
// with a cursor (domain/feed-cursor.ts). Missed events come from memory when
// the feed still holds all of them for a stream, otherwise from the stream's
// history (JetStream, behind FeedHistory). At most `max` are replayed; past
// that the oldest are skipped and the browser is told how many.
import { type FeedCursor, parseCursor } from './feed-cursor.ts';
import type { EventFeed, FeedEvent, FeedFilter } from './event-feed.ts';

/** The stored events of each service's stream. */
export interface FeedHistory {
  /** How many events after `afterSeq` match the filter, to the stream's end. */
  count(service: string, afterSeq: number, filter: FeedFilter): Promise<number>;
  /** The sequence from which (to the stream's end) `keep` matching events follow. */
  startOfNewest(
    service: string,
    afterSeq: number,
    filter: FeedFilter,
    keep: number,
  ): Promise<number>;
  /** Matching events after `afterSeq` in sequence order: at most `limit`, none past `upTo`. */
  read(
    service: string,
    afterSeq: number,
    filter: FeedFilter,
    options: { limit: number; upTo?: number | undefined },
  ): Promise<FeedEvent[]>;
}

export interface ReplayRequest {
  feed: EventFeed;
  history?: FeedHistory | undefined;
  /** Every service in cursor order; the filter narrows them. */
  services: readonly string[];
  filter: FeedFilter;
  /** Last-Event-ID as sent by the browser, if any. */
  lastEventId?: string | undefined;
  /** How many of the newest events a fresh browser gets. */
  fresh: number;
  max: number;
}

export interface ReplayPlan {
  resumed: boolean;
  /** Why a Last-Event-ID was not used, or why some history could not be read. */
  problem: string | null;
  /** Where the browser stands before the first event (after any skip). */
  start: FeedCursor;
  /** Events in order of occurrence, each stream's in sequence order. */
  events: FeedEvent[];
  /** Where it stands once they are all sent: memory is covered up to the feed's heads. */
  end: FeedCursor;
  /** Events left out over `max` (null: unknown, history unreadable); 0 when none. */
  skipped: number | null;
  fromHistory: number;
}

// The synchronous part runs before the first await, so a caller that subscribed
// to the feed in the same tick sees every later event live and none twice.
export async function planReplay(req: ReplayRequest): Promise<ReplayPlan> {
  const { feed, filter } = req;
  const heads = feed.heads();
  const scope = req.services.filter((s) => !filter.service || s === filter.service);
  if (req.lastEventId === undefined) return freshPlan(req, scope, heads, null);
  const parsed = parseCursor(req.lastEventId, req.services);
  if (!parsed.ok) return freshPlan(req, scope, heads, parsed.problem);

  const start: FeedCursor = new Map();
  const end: FeedCursor = new Map();
  const held = new Map<string, FeedEvent[]>();
  const stored: { service: string; after: number; upTo: number | undefined }[] = [];
  for (const service of scope) {
    const after = parsed.cursor.get(service);
    const head = heads.get(service);
    // A stream the browser had no position in (it appeared since) starts where the feed is.
    const at = after ?? head;
    if (at === undefined) continue;
    start.set(service, at);
    end.set(service, Math.max(at, head ?? 0));
    if (after === undefined || (head !== undefined && after >= head)) continue;
    const inMemory = feed.heldAfter(service, after, filter);
    if (inMemory) held.set(service, inMemory);
    else stored.push({ service, after, upTo: head });
  }

  let problem: string | null = null;
  let skipped: number | null = 0;
  let fromHistory = 0;
  const lists: FeedEvent[][] = [];
  try {
    const counts = new Map<string, number>();
    for (const [service, list] of held) counts.set(service, list.length);
    for (const s of stored)
      counts.set(s.service, await historyOf(req).count(s.service, s.after, filter));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const quota = (service: string) => {
      const n = counts.get(service) ?? 0;
      return total <= req.max ? n : Math.floor((req.max * n) / total);
    };
    for (const [service, list] of held) {
      const keep = quota(service);
      if (keep < list.length) {
        skipped += list.length - keep;
        start.set(service, list[list.length - keep - 1]!.seq);
      }
      lists.push(list.slice(list.length - keep));
    }
    for (const { service, after, upTo } of stored) {
      const keep = quota(service);
      let from = after;
      // A count is a hint (a consumer's pending figure can lag a message behind): unless
      // skipping, read up to the feed's head whatever it said, within the bound.
      let limit = req.max;
      if (keep < (counts.get(service) ?? 0)) {
        limit = keep;
        from = (await historyOf(req).startOfNewest(service, after, filter, keep)) - 1;
        skipped += counts.get(service)! - keep;
        start.set(service, from);
      }
      const list =
        limit === 0 ? [] : await historyOf(req).read(service, from, filter, { limit, upTo });
      fromHistory += list.length;
      lists.push(list);
    }
  } catch (err) {
    // Resuming without the stored part would hide the hole; say there is one instead.
    problem = `the missed events could not all be read back (${err instanceof Error ? err.message : String(err)})`;
    skipped = null;
    for (const { service } of stored) start.set(service, end.get(service)!);
    lists.splice(held.size);
    fromHistory = 0;
  }
  return {
    resumed: true,
    problem,
    start,
    events: mergeByOccurrence(lists),
    end,
    skipped,
    fromHistory,
  };
}

function historyOf(req: ReplayRequest): FeedHistory {
  if (!req.history) throw new Error('memory no longer holds them and no stream history is wired');
  return req.history;
}

function freshPlan(
  req: ReplayRequest,
  scope: string[],
  heads: Map<string, number>,
  problem: string | null,
): ReplayPlan {
  const events = req.feed.recent(req.filter, req.fresh);
  const start: FeedCursor = new Map();
  const end: FeedCursor = new Map();
  const lists: FeedEvent[][] = [];
  for (const service of scope) {
    const head = heads.get(service);
    if (head === undefined) continue;
    const mine = events.filter((e) => e.service === service).sort((a, b) => a.seq - b.seq);
    start.set(service, mine[0] ? mine[0].seq - 1 : head);
    end.set(service, head);
    lists.push(mine);
  }
  const merged = mergeByOccurrence(lists);
  return { resumed: false, problem, start, events: merged, end, skipped: 0, fromHistory: 0 };
}

/** Merges lists each in sequence order into one in order of occurrence, keeping each list's order. */
export function mergeByOccurrence(lists: FeedEvent[][]): FeedEvent[] {
  const at = lists.map(() => 0);
  const out: FeedEvent[] = [];
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      const e = lists[i]![at[i]!];
      if (!e) continue;
      const b = best === -1 ? undefined : lists[best]![at[best]!]!;
      if (!b || Date.parse(e.occurredAt) < Date.parse(b.occurredAt)) best = i;
    }
    if (best === -1) return out;
    out.push(lists[best]![at[best]!++]!);
  }
}
