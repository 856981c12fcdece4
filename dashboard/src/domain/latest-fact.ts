// The dashboard's copy of stream-bot's newest fact. It never owns the data:
// it is filled by asking stream-bot, kept fresh by stream-bot's
// fact-created events, and says how old and how trustworthy it is.
import { DomainError } from './errors.ts';

export interface FactSnapshot {
  factId: string;
  text: string;
  source: string;
  model: string | null;
  createdAt: string;
}

export interface LatestFactView {
  fact: FactSnapshot | null;
  /** True when stream-bot did not answer the last time we asked. */
  stale: boolean;
  /** Seconds since stream-bot last confirmed this answer (by reply or event). */
  ageSeconds: number;
  confirmedAt: string;
  problem: string | null;
}

export interface LatestFactOptions {
  /** Asks stream-bot for its newest fact (null: it has none). */
  fetchLatest: () => Promise<FactSnapshot | null>;
  /** Re-ask when the copy is older than this. */
  maxAgeMs?: number;
  /** Never ask more often than this, however many readers there are. */
  minRetryMs?: number;
  now?: () => number;
}

export function createLatestFact(options: LatestFactOptions) {
  const now = options.now ?? Date.now;
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const minRetryMs = options.minRetryMs ?? 2_000;
  let seen = false;
  let fact: FactSnapshot | null = null;
  let confirmedAt = Number.NEGATIVE_INFINITY;
  let failedAt = Number.NEGATIVE_INFINITY;
  let problem: string | null = null;
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  const isStale = () => problem !== null && failedAt >= confirmedAt;

  async function refresh(): Promise<void> {
    inFlight ??= (async () => {
      lastAttempt = now();
      try {
        fact = await options.fetchLatest();
        seen = true;
        confirmedAt = now();
        problem = null;
      } catch (err) {
        failedAt = now();
        problem = err instanceof Error ? err.message : String(err);
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    refresh,

    /**
     * A fact-created event. It confirms the data as of when it occurred, so a
     * replayed old event neither hides an outage nor looks young.
     */
    onFactCreated(snapshot: FactSnapshot, occurredAt: string): void {
      if (!fact || Date.parse(snapshot.createdAt) >= Date.parse(fact.createdAt)) fact = snapshot;
      seen = true;
      confirmedAt = Math.max(confirmedAt, Math.min(Date.parse(occurredAt), now()));
    },

    /** Answers from the copy, asking stream-bot first when the copy is doubtful. */
    async read(): Promise<LatestFactView> {
      const doubtful = !seen || isStale() || now() - confirmedAt > maxAgeMs;
      if (doubtful && now() - lastAttempt >= minRetryMs) await refresh();
      if (!seen) {
        throw new DomainError(
          'unavailable',
          `no fact seen yet: stream-bot has not answered (${problem ?? 'not asked yet'}) and no fact event arrived`,
        );
      }
      const stale = isStale();
      return {
        fact,
        stale,
        ageSeconds: Math.max(0, Math.round((now() - confirmedAt) / 1000)),
        confirmedAt: new Date(confirmedAt).toISOString(),
        problem: stale ? problem : null,
      };
    },
  };
}

export type LatestFact = ReturnType<typeof createLatestFact>;
