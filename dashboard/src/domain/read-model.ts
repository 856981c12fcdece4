// The dashboard's copy of data another service owns. It never owns the data:
// it is filled by asking the owner, kept fresh by the owner's events, held in
// memory only, and says how old and how trustworthy it is.
//
// Events and answers race. An answer reflects the owner as of the moment it
// was asked (`asOf`), so an event that occurred before then is already in it:
// applying it again (a replay at start-up) could roll the copy back, so it is
// skipped. An event that arrives while a question is in flight is applied to
// the old copy at once and again on top of the answer when it lands, so it is
// never lost. Events so close to `asOf` that the answer may not hold them yet
// (the owner commits and publishes a moment after stamping them; clocks drift)
// are not guessed at: the copy is marked doubtful and the owner asked again.
import { DomainError } from './errors.ts';

export interface ReadModelView<T> {
  data: T;
  /** True when the owner did not answer the last time it was asked. */
  stale: boolean;
  /** Seconds since the owner last confirmed the data (by answer or event). */
  ageSeconds: number;
  confirmedAt: string;
  problem: string | null;
}

/**
 * Applies one of the owner's events to the copy. Returns the same state when the
 * event changes nothing (it must be safe to apply twice), or undefined when the
 * copy cannot follow it (e.g. it lacks the ticket the event names): the owner is
 * then asked again.
 */
export type Reducer<S, E> = (state: S, event: E, occurredAt: string) => S | undefined;

export interface ReadModelOptions<S, E> {
  /** The owner, as people know it ("stream-bot"): named in every problem. */
  owner: string;
  /** What the copy holds ("fact", "open tickets"): named when nothing was seen. */
  what: string;
  fetch: () => Promise<S>;
  apply: Reducer<S, E>;
  /** When set, events are applied to it before the owner ever answered. */
  empty?: S;
  /** Re-ask when the copy is older than this. */
  maxAgeMs?: number;
  /** Never ask more often than this, however many readers and events there are. */
  minRetryMs?: number;
  /** How long before an answer an event may still be missing from it. */
  settleMs?: number;
  now?: () => number;
}

export function createReadModel<S, E>(options: ReadModelOptions<S, E>) {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const minRetryMs = options.minRetryMs ?? 2_000;
  const settleMs = options.settleMs ?? 5_000;
  let state: S | undefined;
  let asOf = Number.NEGATIVE_INFINITY;
  let confirmedAt = Number.NEGATIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let problem: string | null = null;
  let doubt = false;
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  /** Events received since the question in flight was sent. */
  let pending: { event: E; occurredAt: string }[] | undefined;

  const isStale = () => problem !== null && failedAt >= confirmedAt;
  const isDoubtful = () =>
    state === undefined || doubt || isStale() || now() - confirmedAt > maxAgeMs;
  const mayAsk = () => !inFlight && now() - lastAttempt >= minRetryMs;

  function applyEvent(event: E, occurredAt: string): void {
    const at = Date.parse(occurredAt);
    if (at < asOf) {
      if (at >= asOf - settleMs) doubt = true;
      return;
    }
    const current = state ?? options.empty;
    if (current === undefined) return;
    const next = options.apply(current, event, occurredAt);
    if (next === undefined) {
      doubt = true;
      return;
    }
    state = next;
    confirmedAt = Math.max(confirmedAt, Math.min(at, now()));
  }

  /** Asks the owner (one question at a time); never rejects, failures become `problem`. */
  function refresh(): Promise<void> {
    inFlight ??= (async () => {
      const startedAt = now();
      lastAttempt = startedAt;
      const doubtBefore = doubt;
      doubt = false;
      pending = [];
      try {
        const answer = await options.fetch();
        const received = pending;
        state = answer;
        asOf = startedAt;
        confirmedAt = now();
        problem = null;
        for (const p of received) applyEvent(p.event, p.occurredAt);
      } catch (err) {
        failedAt = now();
        problem = err instanceof Error ? err.message : String(err);
        doubt ||= doubtBefore;
      } finally {
        pending = undefined;
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    refresh,

    /** One of the owner's events, in stream order. */
    onEvent(event: E, occurredAt: string): void {
      pending?.push({ event, occurredAt });
      applyEvent(event, occurredAt);
      // A copy the event left doubtful is fixed now rather than on the next read.
      if (doubt && state !== undefined && mayAsk()) void refresh();
    },

    /** Answers from the copy, asking the owner first when the copy is doubtful. */
    async read(): Promise<ReadModelView<S>> {
      if (isDoubtful() && mayAsk()) await refresh();
      else if (state === undefined && inFlight) await inFlight;
      if (state === undefined) {
        const events = options.empty === undefined ? '' : ' and no event arrived';
        throw new DomainError(
          'unavailable',
          `no ${options.what} seen yet: ${options.owner} has not answered ` +
            `(${problem ?? 'not asked yet'})${events}`,
        );
      }
      const stale = isStale();
      return {
        data: state,
        stale,
        ageSeconds: Math.max(0, Math.round((now() - confirmedAt) / 1000)),
        confirmedAt: new Date(confirmedAt).toISOString(),
        problem: stale ? problem : null,
      };
    },
  };
}

export type ReadModel<S, E> = ReturnType<typeof createReadModel<S, E>>;
