// LISTEN/NOTIFY for PostgreSQL on one dedicated connection (a pooled one
// would be handed to other queries and its LISTENs lost). When the
// connection drops, it reconnects with backoff, listens again, and calls
// every listener once: a notification sent while it was away is gone, so
// listeners should look for work themselves.
import pg from 'pg';
import type { MigrationLogger } from './migrate.ts';

export interface PgListener {
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function createPgListener(
  config: pg.ClientConfig,
  logger?: MigrationLogger,
  backoff = { firstMs: 250, maxMs: 5_000 },
): PgListener {
  const channels = new Map<string, Set<() => void>>();
  let client: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let delay = backoff.firstMs;
  let closed = false;

  const notifyAll = () => channels.forEach((set) => set.forEach((fn) => fn()));

  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void connect().then(notifyAll, () => undefined);
    }, delay);
    delay = Math.min(delay * 2, backoff.maxMs);
  };

  const connect = (): Promise<void> =>
    (connecting ??= (async () => {
      const c = new pg.Client(config);
      const lost = (err?: Error) => {
        if (client !== c) return;
        client = undefined;
        logger?.warn({ err: err?.message }, 'database notification connection lost; reconnecting');
        scheduleReconnect();
      };
      c.on('error', lost);
      c.on('end', () => lost());
      c.on('notification', (msg) => channels.get(msg.channel)?.forEach((fn) => fn()));
      try {
        await c.connect();
        for (const channel of channels.keys()) await c.query(`LISTEN ${quote(channel)}`);
      } catch (err) {
        c.removeAllListeners('end');
        await c.end().catch(() => undefined);
        scheduleReconnect();
        throw err;
      }
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      delay = backoff.firstMs;
    })().finally(() => (connecting = undefined)));

  return {
    async listen(channel, onNotify) {
      const set = channels.get(channel) ?? new Set();
      const isNew = set.size === 0;
      set.add(onNotify);
      channels.set(channel, set);
      if (!client) {
        // Without a connection, the reconnect loop takes over; the caller polls anyway.
        await connect().catch((err: Error) =>
          logger?.warn({ err: err.message }, 'database notifications unavailable for now'),
        );
      }
      // LISTEN is idempotent, and a connect already under way may have missed this channel.
      if (client && isNew) await client.query(`LISTEN ${quote(channel)}`);
      return async () => {
        set.delete(onNotify);
        if (set.size > 0 || channels.get(channel) !== set) return;
        channels.delete(channel);
        await client?.query(`UNLISTEN ${quote(channel)}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await connecting?.catch(() => undefined);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
