// The live feed: the newest N events the dashboard has seen on any service's
// stream, with listeners for the server-sent-events route. Memory only: at
// start-up the subscriptions replay the last N of each stream one stream
// after another, so events are kept in order of occurrence, not of arrival,
// and the newest N overall survive.
//
// Besides the ring it keeps, per service, the highest stream sequence seen
// (`head`) and the highest one no longer held (`floor`): a browser resuming
// after sequence s of a stream can be served from memory exactly when s is at
// or above that stream's floor; below it, the missed events are read back
// from JetStream (domain/feed-replay.ts).

export interface FeedEvent {
  /** Unique in the feed: `<service>:<stream sequence>`. */
  id: string;
  /** The owning service as named in subjects: streambot, discord, dashboard. */
  service: string;
  stream: string;
  /** Sequence of the message in its stream. */
  seq: number;
  subject: string;
  /** `<aggregate>.<event>` from the envelope, e.g. fact.created. */
  type: string;
  version: number;
  eventId: string;
  occurredAt: string;
  data: unknown;
}

export interface FeedFilter {
  service?: string | undefined;
  /** An exact type (fact.created) or its aggregate (fact). */
  type?: string | undefined;
}

export function matches(event: FeedEvent, filter: FeedFilter): boolean {
  if (filter.service && event.service !== filter.service) return false;
  if (filter.type && event.type !== filter.type && !event.type.startsWith(`${filter.type}.`))
    return false;
  return true;
}

export function feedId(service: string, seq: number): string {
  return `${service}:${seq}`;
}

type Listener = (event: FeedEvent) => void;

export function createEventFeed(capacity: number) {
  const events: FeedEvent[] = [];
  const listeners = new Set<Listener>();
  const heads = new Map<string, number>();
  const floors = new Map<string, number>();
  const time = (e: FeedEvent) => Date.parse(e.occurredAt);
  const dropped = (e: FeedEvent) =>
    floors.set(e.service, Math.max(floors.get(e.service) ?? 0, e.seq));

  return {
    /**
     * Records that the service's stream is read from `startSeq` on: what came
     * before is not in memory. Called by the subscriptions before they start.
     */
    follow(service: string, startSeq: number): void {
      floors.set(service, Math.max(floors.get(service) ?? 0, startSeq - 1));
      heads.set(service, Math.max(heads.get(service) ?? 0, startSeq - 1));
    },

    /**
     * Takes an event newer than any seen from its stream (an older one is a
     * replay and ignored) and tells every listener, whether or not the ring
     * keeps it: an event that occurred before everything kept still happened now.
     */
    add(event: FeedEvent): boolean {
      if (event.seq <= (heads.get(event.service) ?? 0)) return false;
      heads.set(event.service, event.seq);
      let at = events.length;
      while (at > 0 && time(events[at - 1]!) > time(event)) at--;
      if (at === 0 && events.length >= capacity) dropped(event);
      else {
        events.splice(at, 0, event);
        while (events.length > capacity) dropped(events.shift()!);
      }
      for (const listener of listeners) listener(event);
      return true;
    },

    /** The newest `limit` matching events, oldest first. */
    recent(filter: FeedFilter = {}, limit = capacity): FeedEvent[] {
      const found = events.filter((e) => matches(e, filter));
      return found.slice(Math.max(0, found.length - limit));
    },

    /**
     * The service's matching events after `afterSeq` in sequence order, or
     * undefined when memory no longer holds all of them (or never did).
     */
    heldAfter(service: string, afterSeq: number, filter: FeedFilter = {}): FeedEvent[] | undefined {
      const floor = floors.get(service);
      if (floor === undefined || afterSeq < floor) return undefined;
      return events
        .filter((e) => e.service === service && e.seq > afterSeq && matches(e, filter))
        .sort((a, b) => a.seq - b.seq);
    },

    /** Highest sequence seen per followed service (the stream's start - 1 before any event). */
    heads(): Map<string, number> {
      return new Map(heads);
    },

    subscribe(listener: Listener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    get size() {
      return events.length;
    },
  };
}

export type EventFeed = ReturnType<typeof createEventFeed>;
