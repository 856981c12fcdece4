// A call made again every few seconds (and on demand). Its last good answer
// stays on screen while a later call fails, next to that failure, so a page
// never blanks because one request did not come through.
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export interface Polled<T> {
  /** The last good answer (undefined until there is one). */
  value: Accessor<T | undefined>;
  /** The last call's error, cleared by the next good answer. */
  error: Accessor<unknown>;
  /** True until the first call settles. */
  loading: Accessor<boolean>;
  refetch(): Promise<void>;
}

export function createPolled<T>(fetcher: () => Promise<T>, everyMs?: number): Polled<T> {
  const [value, setValue] = createSignal<T>();
  const [error, setError] = createSignal<unknown>();
  const [loading, setLoading] = createSignal(true);
  let disposed = false;

  async function refetch(): Promise<void> {
    try {
      const next = await fetcher();
      if (disposed) return;
      setValue(() => next);
      setError(undefined);
    } catch (err) {
      if (!disposed) setError(() => err);
    } finally {
      setLoading(false);
    }
  }

  void refetch();
  const timer = everyMs ? setInterval(() => void refetch(), everyMs) : undefined;
  onCleanup(() => {
    disposed = true;
    clearInterval(timer);
  });
  return { value, error, loading, refetch };
}
