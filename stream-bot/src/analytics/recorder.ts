// Listens to every chat message and writes it to the chat log in batches: one
// multi-row insert every flushIntervalMs, or at once when batchSize messages
// are waiting. The queue is bounded: when the database falls behind that far,
// new messages are dropped and counted, with a log line saying so, rather than
// the process growing without limit. stop() writes what is still queued.
import type { Logger } from '@homelab/nats/runtime';
import type { ChatListener, IncomingChatMessage } from '../chat/types.ts';
import type { ChatLogEntry, ChatLogStore } from '../db/chat-log-store.ts';
import { commandName } from './command-name.ts';

export interface RecorderOptions {
  store: Pick<ChatLogStore, 'record'>;
  logger: Logger;
  /** The command prefix of the bot that read the message (bot_config.prefix); '!' without it. */
  prefixOf?: (ownerId: string) => string | Promise<string>;
  flushIntervalMs?: number;
  batchSize?: number;
  maxQueue?: number;
  /** A batch the database refused this many times is given up (logged), so it cannot block the rest. */
  maxAttempts?: number;
}

export interface RecorderStats {
  /** Messages written that were not stored before. */
  stored: number;
  /** Messages written that were already stored (the same message read twice). */
  duplicates: number;
  /** Messages lost: the queue was full, or the database refused their batch too often. */
  dropped: number;
  queued: number;
}

export interface ChatRecorder {
  listener: ChatListener;
  /** Writes everything queued so far. */
  flush(): Promise<void>;
  stats(): RecorderStats;
  /** Stops taking messages and writes the queue. */
  stop(): Promise<void>;
}

const PREFIX_CACHE_MS = 10_000;

// PostgreSQL text cannot hold NUL; one such line must not sink its whole batch.
const withoutNul = (text: string) => text.replaceAll('\u0000', '');

export function createChatRecorder(options: RecorderOptions): ChatRecorder {
  const { store, logger } = options;
  const flushIntervalMs = options.flushIntervalMs ?? 250;
  const batchSize = options.batchSize ?? 200;
  const maxQueue = options.maxQueue ?? 20_000;
  const maxAttempts = options.maxAttempts ?? 8;
  const prefixOf = options.prefixOf ?? (() => '!');
  // A bot's prefix changes rarely; asking for it on every flush would be a query every 250 ms.
  const prefixCache = new Map<string, { prefix: string; until: number }>();
  async function cachedPrefix(owner: string): Promise<string> {
    const hit = prefixCache.get(owner);
    if (hit && hit.until > Date.now()) return hit.prefix;
    const prefix = await prefixOf(owner);
    prefixCache.set(owner, { prefix, until: Date.now() + PREFIX_CACHE_MS });
    return prefix;
  }

  let queue: IncomingChatMessage[] = [];
  const stats = { stored: 0, duplicates: 0, dropped: 0 };
  let droppedSinceLog = 0;
  let stopped = false;
  let running: Promise<void> | undefined;
  let failures = 0;
  /** After a failed write the timer waits (doubling, up to 30 s) before trying again. */
  let retryAt = 0;

  async function toEntries(batch: readonly IncomingChatMessage[]): Promise<ChatLogEntry[]> {
    const prefixes = new Map<string, string>();
    for (const owner of new Set(batch.map((m) => m.ownerId))) {
      try {
        prefixes.set(owner, await cachedPrefix(owner));
      } catch (err) {
        logger.warn({ err, ownerId: owner }, 'chat log: no command prefix for this bot; using "!"');
        prefixes.set(owner, '!');
      }
    }
    const seen = new Set<string>();
    const entries: ChatLogEntry[] = [];
    for (const m of batch) {
      const key = `${m.platform}\u0000${m.messageId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({
        platform: m.platform,
        channel: m.channel,
        messageId: m.messageId,
        chatterId: m.chatterId,
        chatterLogin: m.chatterLogin,
        chatterName: withoutNul(m.chatterName),
        text: withoutNul(m.text),
        command: commandName(m.text, prefixes.get(m.ownerId) ?? '!'),
        badges: m.badges,
        sentAt: m.sentAt,
      });
    }
    return entries;
  }

  async function writeBatch(batch: IncomingChatMessage[]): Promise<boolean> {
    try {
      const stored = await store.record(await toEntries(batch));
      stats.stored += stored;
      stats.duplicates += batch.length - stored;
      failures = 0;
      retryAt = 0;
      return true;
    } catch (err) {
      failures += 1;
      if (failures >= maxAttempts) {
        stats.dropped += batch.length;
        logger.error(
          { err, messages: batch.length, attempts: failures },
          'chat log: the database refused a batch of messages again and again; dropping it',
        );
        failures = 0;
        retryAt = 0;
        return true;
      }
      retryAt = Date.now() + Math.min(30_000, flushIntervalMs * 2 ** failures);
      logger.warn(
        { err, messages: batch.length, attempt: failures },
        'chat log: write failed; will retry',
      );
      queue = [...batch, ...queue];
      return false;
    }
  }

  function reportDrops(): void {
    if (droppedSinceLog === 0) return;
    logger.warn(
      { dropped: droppedSinceLog, maxQueue },
      `chat log: the write queue is full (${maxQueue} messages), ${droppedSinceLog} messages were not logged; the database is not keeping up`,
    );
    droppedSinceLog = 0;
  }

  async function drain(): Promise<void> {
    reportDrops();
    while (queue.length > 0) {
      const batch = queue.splice(0, batchSize);
      if (!(await writeBatch(batch))) return;
    }
  }

  function flush(): Promise<void> {
    running ??= drain().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    if (Date.now() >= retryAt) void flush();
  }, flushIntervalMs);
  timer.unref();

  return {
    listener: (message) => {
      if (stopped) return;
      if (queue.length >= maxQueue) {
        stats.dropped += 1;
        droppedSinceLog += 1;
        return;
      }
      queue.push(message);
      if (queue.length >= batchSize && !running && Date.now() >= retryAt) void flush();
    },
    flush: async () => {
      // A flush already under way may have started before the latest messages arrived.
      await flush();
      if (queue.length > 0) await flush();
    },
    stats: () => ({ ...stats, queued: queue.length }),
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      for (let attempt = 0; queue.length > 0 && attempt < maxAttempts; attempt++) await flush();
      if (queue.length > 0) {
        logger.error(
          { messages: queue.length },
          'chat log: could not write these messages before stopping',
        );
        stats.dropped += queue.length;
        queue = [];
      }
      reportDrops();
    },
  };
}
