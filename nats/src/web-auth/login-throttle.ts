// Slows password guessing: failed logins are counted per key (client address
// and user name); from maxFailures on, each further failure locks the key for
// twice as long as the one before, up to maxLockMs. A success forgets the key.
export interface LoginThrottleOptions {
  maxFailures?: number;
  firstLockMs?: number;
  maxLockMs?: number;
  /** Failures older than this are forgotten. */
  windowMs?: number;
  now?: () => number;
}

export interface LoginThrottle {
  /** Milliseconds until the key may try again; 0 when it may now. */
  retryAfterMs(key: string): number;
  failed(key: string): void;
  succeeded(key: string): void;
}

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

const MAX_KEYS = 10_000;

export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const firstLockMs = options.firstLockMs ?? 30_000;
  const maxLockMs = options.maxLockMs ?? 15 * 60_000;
  const windowMs = options.windowMs ?? 60 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function forgetOld(t: number) {
    for (const [key, e] of entries) {
      if (t - e.lastFailure > windowMs && e.lockedUntil <= t) entries.delete(key);
    }
  }

  return {
    retryAfterMs(key) {
      const e = entries.get(key);
      return e ? Math.max(0, e.lockedUntil - now()) : 0;
    },
    failed(key) {
      const t = now();
      if (entries.size >= MAX_KEYS) forgetOld(t);
      const prev = entries.get(key);
      const e =
        prev && t - prev.lastFailure <= windowMs
          ? prev
          : { failures: 0, lastFailure: t, lockedUntil: 0 };
      e.failures += 1;
      e.lastFailure = t;
      if (e.failures >= maxFailures) {
        const lockMs = Math.min(firstLockMs * 2 ** (e.failures - maxFailures), maxLockMs);
        e.lockedUntil = t + lockMs;
      }
      entries.set(key, e);
    },
    succeeded(key) {
      entries.delete(key);
    },
  };
}
