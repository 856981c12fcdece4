// A few facts made ahead of time, so !fact answers at once: taking one starts
// a refill in the background (one generation at a time, however many ask),
// and chat never waits on a language model. Each pooled fact was stored when
// it was generated, so posting it writes nothing new.
import type { Logger } from '@homelab/nats/runtime';

export interface FactSource {
  /** Generates and stores a new fact (the AI when configured, else the built-in collection). */
  create(): Promise<{ text: string }>;
}

export interface FactPoolOptions {
  size: number;
  logger?: Logger;
  /** How long to wait after a failed generation before trying again. */
  retryAfterMs?: number;
  now?: () => number;
}

export function createFactPool(facts: FactSource, options: FactPoolOptions) {
  const { size, logger } = options;
  const retryAfterMs = options.retryAfterMs ?? 30_000;
  const now = options.now ?? Date.now;
  const pool: string[] = [];
  let filling: Promise<void> | undefined;
  let pausedUntil = 0;
  let stopped = false;
  let generations = 0;

  async function fill(): Promise<void> {
    while (!stopped && pool.length < size) {
      generations++;
      try {
        pool.push((await facts.create()).text);
      } catch (err) {
        pausedUntil = now() + retryAfterMs;
        if (!stopped)
          logger?.warn({ err }, 'could not make a fact for the !fact pool; trying again later');
        return;
      }
    }
  }

  /** Starts filling the pool unless it is full, already filling, or resting after a failure. */
  function refill(): void {
    if (stopped || filling || pool.length >= size || now() < pausedUntil) return;
    filling = fill().finally(() => {
      filling = undefined;
    });
  }

  return {
    refill,
    /** A pooled fact, or null when the pool is empty; either way a refill starts. */
    take(): string | null {
      const text = pool.shift() ?? null;
      refill();
      return text;
    },
    size: () => pool.length,
    /** How many generations the pool has asked for (tests). */
    generations: () => generations,
    /** Resolves when the current refill (if any) is over. */
    settled: () => filling ?? Promise.resolve(),
    /** Starts no more generations (one already running ends on its own). */
    stop(): void {
      stopped = true;
    },
  };
}

export type FactPool = ReturnType<typeof createFactPool>;
