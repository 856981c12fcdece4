// The chat log's housekeeping, hourly and once at start-up: recompute today's
// and yesterday's roll-ups, end sessions whose chat went quiet, then prune
// messages older than the retention — after rolling up any day about to be
// pruned that has no final roll-up yet, so the daily figures outlive the log.
import type { Logger } from '@homelab/nats/runtime';
import type { ChatLogStore } from '../db/chat-log-store.ts';
import { addDays, dayOf, dayStart, DAY_MS } from './rollup.ts';

export interface ChatLogJobOptions {
  store: ChatLogStore;
  logger: Logger;
  retentionDays: number;
  sessionGapMinutes: number;
  intervalMs?: number;
  /** Messages deleted per statement, so one run never holds a huge delete. */
  deleteBatch?: number;
  now?: () => Date;
}

export interface ChatLogJobResult {
  rolledUp: number;
  deleted: number;
  sessionsEnded: number;
}

export interface ChatLogJob {
  /** One run now (after the one under way, if any). */
  run(): Promise<ChatLogJobResult>;
  stop(): Promise<void>;
}

export function startChatLogJob(options: ChatLogJobOptions): ChatLogJob {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  const deleteBatch = options.deleteBatch ?? 5_000;
  let stopped = false;
  let last: Promise<unknown> = Promise.resolve();

  async function runOnce(): Promise<ChatLogJobResult> {
    const at = now();
    const today = dayOf(at);
    const yesterday = addDays(today, -1);
    let rolledUp = 0;
    for (const key of await store.activeChannels(dayStart(yesterday))) {
      for (const day of [yesterday, today]) {
        const from = dayStart(day);
        await store.rollUpDay(key, day, from, new Date(from.getTime() + DAY_MS));
        rolledUp += 1;
      }
    }
    // Days the hourly runs missed (the service was down over a midnight), oldest kept first.
    const cutoff = new Date(at.getTime() - options.retentionDays * DAY_MS);
    for (const { day, ...key } of await store.unfinishedSessionDays(cutoff)) {
      const from = dayStart(day);
      // Today and yesterday were just done; a day partly pruned already keeps its roll-up.
      if (day >= yesterday || from < cutoff) continue;
      await store.rollUpDay(key, day, from, new Date(from.getTime() + DAY_MS));
      rolledUp += 1;
    }
    const sessionsEnded = await store.endQuietSessions(
      new Date(at.getTime() - options.sessionGapMinutes * 60_000),
    );

    for (const { day, ...key } of await store.unfinishedDaysBefore(cutoff)) {
      const from = dayStart(day);
      await store.rollUpDay(key, day, from, new Date(from.getTime() + DAY_MS));
      rolledUp += 1;
    }
    let deleted = 0;
    while (!stopped) {
      const n = await store.deleteOlderThan(cutoff, deleteBatch);
      deleted += n;
      if (n < deleteBatch) break;
    }
    return { rolledUp, deleted, sessionsEnded };
  }

  function run(): Promise<ChatLogJobResult> {
    const next = last.then(runOnce, runOnce);
    last = next.catch(() => undefined);
    return next;
  }

  function scheduled(): void {
    if (stopped) return;
    run().then(
      (result) => logger.info(result, 'chat log: roll-ups and retention done'),
      (err: unknown) => logger.error({ err }, 'chat log: roll-up or retention run failed'),
    );
  }

  scheduled();
  const timer = setInterval(scheduled, options.intervalMs ?? 3_600_000);
  timer.unref();

  return {
    run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await last;
    },
  };
}
