// A call made again every few seconds (and on demand). Its last good answer
// stays on screen while a later call fails, next to that failure, so a page
// never blanks because one request did not come through.
import { createSignal, onCleanup, type Accessor } from 'solid-js';

const SETTLE_MS = 2_500;

export interface Polled<T> {
  /** The last good answer (undefined until there is one). */
  value: Accessor<T | undefined>;
  /** The last call's error, cleared by the next good answer. */
  error: Accessor<unknown>;
  /** True until the first call settles. */
  loading: Accessor<boolean>;
  refetch(): Promise<void>;
  /**
   * Asks now and once more shortly after: for an event the browser may see a moment before
   * the service's own copy has applied it.
   */
  refetchSoon(): void;
}

export function createPolled<T>(fetcher: () => Promise<T>, everyMs?: number): Polled<T> {
  const [value, setValue] = createSignal<T>();
  const [error, setError] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(true);
  let disposed = false;
  let inFlight = false;

  async function refetch(): Promise<void> {
    inFlight = true;
    try {
      const next = await fetcher();
      if (disposed) return;
      setValue(() => next);
      setError(undefined);
    } catch (err) {
      if (!disposed) setError(() => err);
    } finally {
      inFlight = false;
      setLoading(false);
    }
  }

  void refetch();
  const timer = everyMs ? setInterval(() => void refetch(), everyMs) : undefined;
  let again: ReturnType<typeof setTimeout> | undefined;
  // A burst of events (a replayed backlog) makes one call now and one after it, not one each.
  function refetchSoon(): void {
    if (!inFlight) void refetch();
    clearTimeout(again);
    again = setTimeout(() => void refetch(), SETTLE_MS);
  }
  onCleanup(() => {
    disposed = true;
    clearInterval(timer);
    clearTimeout(again);
  });
  return { value, error, loading, refetch, refetchSoon };
}
