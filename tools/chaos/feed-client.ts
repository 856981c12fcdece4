// A browser's view of the dashboard's live feed (GET /api/events/stream, server-sent
// events), read the way EventSource reads it: every message's id is kept as the resume
// cursor, and when the stream ends or the dashboard is gone it connects again with that
// cursor as Last-Event-ID until stopped.

/** One event as the feed sends it (dashboard/src/domain/event-feed.ts). */
export interface FeedEvent {
  id: string;
  service: string;
  stream: string;
  seq: number;
  subject: string;
  type: string;
  eventId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface ReadyMessage {
  replayed: number;
  resumed: boolean;
  skipped: number | null;
  fromHistory: number;
  problem: string | null;
}

export interface FeedClient {
  /** Every event received, in the order it arrived, over every connection. */
  events: FeedEvent[];
  /** The `ready` message of each connection, in order. */
  readies: ReadyMessage[];
  /** `gap` messages (the feed admitting it skipped events): none expected. */
  gaps: unknown[];
  /** Connections that delivered a `ready` message. */
  connections(): number;
  /** The Last-Event-ID the next connection would send. */
  cursor(): string;
  /** Resolves once `n` events have arrived in all (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function followFeed(options: {
  url: string;
  cookie: () => Promise<string>;
  /** The first Last-Event-ID, e.g. `streambot:0,discord:0,dashboard:0` for everything. */
  cursor: string;
  /** A filter as the page sends it, e.g. `type=ticket.opened` or `service=streambot`. */
  query?: string;
  retryMs?: number;
}): FeedClient {
  const events: FeedEvent[] = [];
  const readies: ReadyMessage[] = [];
  const gaps: unknown[] = [];
  let cursor = options.cursor;
  let stopped = false;
  const abort = new AbortController();
  const waiters = new Set<() => void>();

  const dispatch = (type: string, data: string) => {
    if (type === 'ready') readies.push(JSON.parse(data) as ReadyMessage);
    else if (type === 'gap') gaps.push(JSON.parse(data));
    else if (type === 'message') events.push(JSON.parse(data) as FeedEvent);
    for (const w of [...waiters]) w();
  };

  async function connectOnce() {
    const query = options.query ? `?${options.query}` : '';
    const res = await fetch(`${options.url}/api/events/stream${query}`, {
      headers: {
        accept: 'text/event-stream',
        cookie: await options.cookie(),
        'last-event-id': cursor,
      },
      signal: abort.signal,
    });
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    let type = 'message';
    let data: string[] = [];
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (line === '') {
          if (data.length > 0) dispatch(type, data.join('\n'));
          type = 'message';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') type = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') cursor = value;
      }
    }
  }

  const running = (async () => {
    while (!stopped) {
      await connectOnce().catch(() => undefined);
      if (!stopped) await new Promise((r) => setTimeout(r, options.retryMs ?? 300));
    }
  })();

  return {
    events,
    readies,
    gaps,
    connections: () => readies.length,
    cursor: () => cursor,
    waitFor(n, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (events.length < n) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the feed gave ${events.length} of ${n} events within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      stopped = true;
      abort.abort();
      await running;
    },
  };
}
