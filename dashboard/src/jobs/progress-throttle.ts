// Progress reports come as fast as a handler makes them (a file copy may report
// per chunk); the row and the watchers get at most one per interval, always the
// latest, and the writes happen one after another in the order reported.
import type { JobProgress } from './types.ts';

export interface ProgressThrottle {
  report(update: JobProgress): void;
  /** Writes what is still pending now and waits for every write so far. */
  settle(): Promise<void>;
  /** Forgets what is pending (the run ended another way) and waits for the writes so far. */
  discard(): Promise<void>;
}

const MAX_MESSAGE = 500;

/** Percent as a whole number 0-100, message bounded: a handler's slip never fails the job. */
export function normaliseProgress(update: JobProgress): {
  percent: number | null;
  message: string;
} {
  const p = update.percent;
  const percent =
    typeof p === 'number' && Number.isFinite(p) ? Math.min(100, Math.max(0, Math.round(p))) : null;
  const message = String(update.message ?? '').slice(0, MAX_MESSAGE);
  return { percent, message };
}

export function throttleProgress(
  write: (update: JobProgress) => Promise<void>,
  intervalMs: number,
  now: () => number = Date.now,
): ProgressThrottle {
  let last = Number.NEGATIVE_INFINITY;
  let pending: JobProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writes: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    const update = pending;
    pending = undefined;
    if (!update) return;
    last = now();
    // write() logs its own failures; a failed write must not block the next ones.
    writes = writes.then(() => write(update)).catch(() => undefined);
  };

  return {
    report(update) {
      pending = update;
      if (timer) return;
      const wait = last + intervalMs - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    async settle() {
      if (timer) clearTimeout(timer);
      flush();
      await writes;
    },
    async discard() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      await writes;
    },
  };
}
