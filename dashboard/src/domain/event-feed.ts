// The live feed: the newest N events the dashboard has seen on any service's
// stream, with listeners for the server-sent-events route. Memory only: at
// start-up the subscriptions replay the last N of each stream one stream
// after another, so events are kept in order of occurrence, not of arrival,
// and the newest N overall survive.

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
  const ids = new Set<string>();
  const listeners = new Set<Listener>();
  const time = (e: FeedEvent) => Date.parse(e.occurredAt);

  return {
    /** Adds an event unless it is already held (a replay) or older than everything kept. */
    add(event: FeedEvent): boolean {
      if (ids.has(event.id)) return false;
      let at = events.length;
      while (at > 0 && time(events[at - 1]!) > time(event)) at--;
      if (at === 0 && events.length >= capacity) return false;
      events.splice(at, 0, event);
      ids.add(event.id);
      while (events.length > capacity) ids.delete(events.shift()!.id);
      for (const listener of listeners) listener(event);
      return true;
    },

    /** The newest `limit` matching events, oldest first. */
    recent(filter: FeedFilter = {}, limit = capacity): FeedEvent[] {
      const found = events.filter((e) => matches(e, filter));
      return found.slice(Math.max(0, found.length - limit));
    },

    /** Matching events after the one with id `afterId`; all of them if it is gone. */
    after(afterId: string, filter: FeedFilter = {}): FeedEvent[] {
      const index = events.findIndex((e) => e.id === afterId);
      return events.slice(index + 1).filter((e) => matches(e, filter));
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
