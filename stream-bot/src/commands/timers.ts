// Timers: a message the bot posts every intervalMinutes in each channel it is
// in, but only once at least minChatLines chat lines arrived since its last
// post there, so a quiet chat is not talked at. The first post in a channel
// comes one interval after the bot was first seen there. One scheduler serves
// every running bot; each bot's state is kept apart and dropped when it leaves.
import type { Logger } from '@homelab/nats/runtime';
import type { ChatSender } from '../chat/types.ts';
import type { BotConfigStore } from '../db/bot-config-store.ts';
import { systemClock, type Clock } from './cooldowns.ts';
import type { BotTimer } from './definitions.ts';
import type { ChatPresence } from './engine.ts';

export interface TimerSchedulerOptions {
  store: Pick<BotConfigStore, 'enabledBots' | 'listTimers' | 'onChange'>;
  presence: ChatPresence;
  sender: ChatSender;
  logger: Logger;
  clock?: Clock;
  /** How often due timers are looked for (default 15 s). */
  tickMs?: number;
}

interface TimerState {
  lastPostAt: number;
  /** The channel's line count at the last post. */
  linesAt: number;
}

const key = (...parts: string[]) => parts.join('\u0000');

export function createTimerScheduler(options: TimerSchedulerOptions) {
  const { store, presence, sender, logger } = options;
  const clock = options.clock ?? systemClock;
  const tickMs = options.tickMs ?? 15_000;
  /** owner+channel → chat lines seen (not the bot's own). */
  const lines = new Map<string, number>();
  /** owner+timer+channel → when it last posted. */
  const states = new Map<string, TimerState>();
  const timersOf = new Map<string, Promise<BotTimer[]>>();
  const stopListening = store.onChange((userId, what) => {
    if (what === 'timers') timersOf.delete(userId);
  });
  let handle: ReturnType<typeof setInterval> | undefined;
  let ticking: Promise<void> | undefined;

  function timers(ownerId: string): Promise<BotTimer[]> {
    let found = timersOf.get(ownerId);
    if (!found) {
      found = store.listTimers(ownerId);
      found.catch(() => timersOf.delete(ownerId));
      timersOf.set(ownerId, found);
    }
    return found;
  }

  async function postDue(ownerId: string, channel: string, list: BotTimer[], now: number) {
    const seen = lines.get(key(ownerId, channel)) ?? 0;
    for (const timer of list) {
      if (!timer.enabled) continue;
      const k = key(ownerId, timer.id, channel);
      const state = states.get(k);
      if (!state) {
        states.set(k, { lastPostAt: now, linesAt: seen });
        continue;
      }
      if (now - state.lastPostAt < timer.intervalMinutes * 60_000) continue;
      if (seen - state.linesAt < timer.minChatLines) continue;
      states.set(k, { lastPostAt: now, linesAt: seen });
      try {
        await sender.say('twitch', ownerId, channel, timer.message);
      } catch (err) {
        logger.warn({ err, channel, timer: timer.name }, 'a timer could not post');
      }
    }
  }

  async function tick(): Promise<void> {
    const now = clock.now();
    const live = new Set<string>();
    for (const bot of await store.enabledBots()) {
      const joined = bot.channels.filter((c) => presence.isJoined(bot.userId, c));
      if (joined.length === 0) continue;
      const list = await timers(bot.userId);
      for (const channel of joined) {
        for (const t of list) live.add(key(bot.userId, t.id, channel));
        await postDue(bot.userId, channel, list, now);
      }
    }
    // A bot that left a channel starts its timers afresh when it comes back.
    for (const k of states.keys()) if (!live.has(k)) states.delete(k);
  }

  /** One check at a time: a slow database makes ticks wait, not pile up. */
  function tickOnce(): Promise<void> {
    ticking ??= tick()
      .catch((err: unknown) => logger.warn({ err }, 'timer check failed'))
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  }

  return {
    /** Counts a chat line (not the bot's own) for the timers of that channel. */
    countLine(ownerId: string, channel: string): void {
      const k = key(ownerId, channel);
      lines.set(k, (lines.get(k) ?? 0) + 1);
    },
    /** Looks for due timers once (the interval calls it; tests call it with their own clock). */
    tick: tickOnce,
    start(): void {
      handle ??= setInterval(() => void tickOnce(), tickMs);
      handle.unref();
    },
    async stop(): Promise<void> {
      if (handle) clearInterval(handle);
      handle = undefined;
      stopListening();
      await ticking;
    },
  };
}

export type TimerScheduler = ReturnType<typeof createTimerScheduler>;
