// Publishes events.botStatusChanged (the service-wide summary: connected if any
// bot is, every channel) through the outbox when it changes. Changes are
// coalesced: the summary is read once things settle, at most once per
// minGapMs, and written only when it differs from the last one written, so a
// flapping connection does not flood the stream.
import { enqueueEvent, events, type SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { BotStatusSummary } from './bot-status.ts';

export interface StatusEvents {
  /** Something changed; the summary is read and maybe published a little later. */
  changed(): void;
  /** Writes the current summary now if it differs, and stops the timer. */
  flush(): Promise<void>;
}

export interface StatusEventOptions {
  db: { sql: SqlDatabase };
  log: Logger;
  summary(): BotStatusSummary;
  settleMs?: number;
  minGapMs?: number;
}

const MAX_CHANNELS = 100;

export function createStatusEvents(options: StatusEventOptions): StatusEvents {
  const { db, log, summary, settleMs = 250, minGapMs = 1_000 } = options;
  // At start-up no bot is connected; that is what consumers already know from the last stop.
  let published = JSON.stringify({ connected: false, channels: [] });
  let lastAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  function write(): Promise<void> {
    writing = writing.then(async () => {
      const now = summary();
      const data = { connected: now.connected, channels: now.channels.slice(0, MAX_CHANNELS) };
      const key = JSON.stringify(data);
      if (key === published) return;
      try {
        await db.sql.transaction((tx) =>
          enqueueEvent(tx, events.botStatusChanged, data, { aggregateId: 'bot' }),
        );
        published = key;
        lastAt = Date.now();
      } catch (err) {
        log.warn({ err }, 'could not record the bot status change; it is retried on the next one');
      }
    });
    return writing;
  }

  return {
    changed() {
      if (timer) return;
      const wait = Math.max(settleMs, lastAt + minGapMs - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        void write();
      }, wait);
    },
    async flush() {
      clearTimeout(timer);
      timer = undefined;
      await write();
    },
  };
}
