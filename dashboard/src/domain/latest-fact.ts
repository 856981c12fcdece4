// The dashboard's copy of stream-bot's newest fact: a read model (read-model.ts)
// whose data is one fact or none, answered in the shape GET /api/facts/latest
// has always had ({ fact, stale, ... } rather than { data, ... }).
import { createReadModel } from './read-model.ts';

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

/** The newer of two facts; an event is applied twice at most, so ties keep the copy. */
function newer(current: FactSnapshot | null, fact: FactSnapshot): FactSnapshot | null {
  return !current || Date.parse(fact.createdAt) >= Date.parse(current.createdAt) ? fact : current;
}

export function createLatestFact(options: LatestFactOptions) {
  const model = createReadModel<FactSnapshot | null, FactSnapshot>({
    owner: 'stream-bot',
    what: 'fact',
    fetch: options.fetchLatest,
    apply: newer,
    // A fact event alone is enough to show something while stream-bot is down.
    empty: null,
    maxAgeMs: options.maxAgeMs,
    minRetryMs: options.minRetryMs,
    now: options.now,
  });

  return {
    refresh: model.refresh,

    /**
     * A fact-created event. It confirms the data as of when it occurred, so a
     * replayed old event neither hides an outage nor looks young.
     */
    onFactCreated(snapshot: FactSnapshot, occurredAt: string): void {
      model.onEvent(snapshot, occurredAt);
    },

    /** Answers from the copy, asking stream-bot first when the copy is doubtful. */
    async read(): Promise<LatestFactView> {
      const { data, ...rest } = await model.read();
      return { fact: data, ...rest };
    },
  };
}

export type LatestFact = ReturnType<typeof createLatestFact>;
