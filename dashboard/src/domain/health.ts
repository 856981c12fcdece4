// Health of what the dashboard watches: the services on the bus, the host it
// runs on and NATS itself. A probe round gathers all three, turns them into
// one check per target and notes every target whose status differs from the
// last round, so the store records rows and health-changed events together.
// The round's raw findings (versions, figures, streams) stay in memory for
// the summary; only the checks are stored.
import { hostCheck, natsCheck, overallStatus, serviceCheck } from './health-rules.ts';
import type { HostFigures } from './host-figures.ts';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

export type Metrics = Record<string, number | null>;

export interface HealthCheck {
  target: string;
  status: HealthStatus;
  /** One line for people (and the health.changed event). */
  details: string | null;
  latencyMs: number | null;
  /** Figures stored with the check, for charts. */
  metrics?: Metrics;
}

export interface HealthChange {
  target: string;
  from: HealthStatus;
  to: HealthStatus;
  details: string | null;
}

export interface TargetState {
  target: string;
  status: HealthStatus;
  details: string | null;
  latencyMs: number | null;
  /** When the target entered this status. */
  since: Date;
}

export interface HistoryPoint {
  at: Date;
  status: HealthStatus;
  latencyMs: number | null;
  /** The stored details: `message` and the check's metrics. */
  details: Record<string, unknown>;
}

export interface HealthStore {
  /** The latest state of every target, to continue across restarts. */
  current(): Promise<TargetState[]>;
  /** Stores one row per check and one health-changed event per change, all or nothing. */
  record(checks: HealthCheck[], changes: HealthChange[], checkedAt: Date): Promise<void>;
  /** A target's checks since a time, oldest first, thinned out to about maxPoints. */
  history(target: string, since: Date, maxPoints: number): Promise<HistoryPoint[]>;
  /** Deletes checks older than a time; returns how many. */
  prune(before: Date): Promise<number>;
}

export interface ServiceInstance {
  id: string;
  version: string;
  startedAt: string | null;
  pingMs: number | null;
  endpoints: {
    name: string;
    subject: string;
    requests: number;
    errors: number;
    averageMs: number;
  }[];
}

export interface ServiceHealth {
  name: string;
  instances: ServiceInstance[];
}

export interface StreamState {
  name: string;
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  consumers: { name: string; pending: number; ackPending: number; redelivered: number }[];
  /** Why the stream could not be read (e.g. it does not exist yet); null when it was. */
  error: string | null;
}

export interface NatsState {
  connected: boolean;
  server: string | null;
  rttMs: number | null;
  jetstream: {
    reachable: boolean;
    error: string | null;
    storageBytes: number;
    /** The account's limit; null when unlimited. */
    maxStorageBytes: number | null;
  };
  streams: StreamState[];
}

/** Where a probe round's findings come from (NATS and the host, behind interfaces). */
export interface HealthSources {
  /** Every service instance that answered, grouped by service name. */
  services(): Promise<ServiceHealth[]>;
  host(): Promise<HostFigures>;
  nats(): Promise<NatsState>;
}

export const HOUR_MS = 3_600_000;
/** health.changed (and health.summary) carry at most this many characters of details. */
export const MAX_DETAILS = 1000;
/** History answers are thinned out to about this many points. */
export const MAX_HISTORY_POINTS = 500;

/** What is known of NATS before the first round, or when reading it failed outright. */
const NATS_UNKNOWN: NatsState = {
  connected: false,
  server: null,
  rttMs: null,
  jetstream: { reachable: false, error: 'not checked yet', storageBytes: 0, maxStorageBytes: null },
  streams: [],
};

const clip = (text: string | null) =>
  text !== null && text.length > MAX_DETAILS ? `${text.slice(0, MAX_DETAILS - 1)}…` : text;

export function createHealthMonitor(options: {
  /** Services expected on the bus; each is the target `service:<name>`. */
  serviceNames: readonly string[];
  sources: HealthSources;
  store: HealthStore;
  /** Checks older than this many days are deleted (once an hour, after a round). */
  historyDays: number;
  now?: () => Date;
}) {
  const { sources, store } = options;
  const now = options.now ?? (() => new Date());
  let states: Map<string, TargetState> | undefined;
  let lastCheckedAt: Date | null = null;
  let lastPrunedAt = 0;
  let seen: { services: ServiceHealth[]; host: HostFigures | null; nats: NatsState } = {
    services: [],
    host: null,
    nats: NATS_UNKNOWN,
  };

  async function load(): Promise<Map<string, TargetState>> {
    states ??= new Map((await store.current()).map((s) => [s.target, s]));
    return states;
  }

  const unknown = (target: string, err: unknown): HealthCheck => ({
    target,
    status: 'unknown',
    details: `could not be checked: ${err instanceof Error ? err.message : String(err)}`,
    latencyMs: null,
  });

  async function gather(): Promise<HealthCheck[]> {
    const [services, host, nats] = await Promise.allSettled([
      sources.services(),
      sources.host(),
      sources.nats(),
    ]);
    seen = {
      services: services.status === 'fulfilled' ? services.value : seen.services,
      host: host.status === 'fulfilled' ? host.value : null,
      nats: nats.status === 'fulfilled' ? nats.value : NATS_UNKNOWN,
    };
    return [
      ...options.serviceNames.map((name) => {
        const target = `service:${name}`;
        if (services.status === 'rejected') return unknown(target, services.reason);
        return serviceCheck(
          target,
          services.value.find((s) => s.name === name),
        );
      }),
      host.status === 'fulfilled' ? hostCheck(host.value) : unknown('host', host.reason),
      nats.status === 'fulfilled' ? natsCheck(nats.value) : unknown('nats', nats.reason),
    ];
  }

  return {
    /** One probe round: gather, record, remember, now and then prune. Returns what changed. */
    async probe(): Promise<HealthChange[]> {
      const known = await load();
      const checks = (await gather()).map((c) => ({ ...c, details: clip(c.details) }));
      const checkedAt = now();
      const changes = checks
        .filter((c) => known.get(c.target)?.status !== c.status)
        .map((c) => ({
          target: c.target,
          from: known.get(c.target)?.status ?? 'unknown',
          to: c.status,
          details: c.details,
        }));
      await store.record(checks, changes, checkedAt);
      for (const c of checks) {
        const previous = known.get(c.target);
        const since = previous && previous.status === c.status ? previous.since : checkedAt;
        known.set(c.target, { ...c, since });
      }
      lastCheckedAt = checkedAt;
      if (checkedAt.getTime() - lastPrunedAt >= HOUR_MS) {
        await store.prune(new Date(checkedAt.getTime() - options.historyDays * 24 * HOUR_MS));
        lastPrunedAt = checkedAt.getTime();
      }
      return changes;
    },

    async summary() {
      const known = await load();
      const targets = [...known.values()]
        .map(({ target, status, details, latencyMs, since }) => ({
          target,
          status,
          details,
          latencyMs,
          since,
        }))
        .sort((a, b) => a.target.localeCompare(b.target));
      const at = now().getTime();
      const uptime = (startedAt: string | null) =>
        startedAt ? Math.max(0, Math.round((at - Date.parse(startedAt)) / 1000)) : null;
      return {
        checkedAt: lastCheckedAt,
        status: overallStatus(targets.map((t) => t.status)),
        targets,
        services: options.serviceNames.map((name) => ({
          name,
          instances: (seen.services.find((s) => s.name === name)?.instances ?? []).map((i) => ({
            ...i,
            uptimeSeconds: uptime(i.startedAt),
          })),
        })),
        host: seen.host,
        nats: seen.nats,
      };
    },

    /** The host measured now (not stored). */
    measureHost: () => sources.host(),

    /** A target's checks over the last hours, oldest first. */
    history: (target: string, hours: number) =>
      store.history(target, new Date(now().getTime() - hours * HOUR_MS), MAX_HISTORY_POINTS),
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
export type HealthSummary = Awaited<ReturnType<HealthMonitor['summary']>>;
