// Health of the services the dashboard watches. A probe round asks who is up,
// turns the answers into one check per target, and notes every target whose
// status differs from the last round, so the store can record rows and
// health-changed events together.

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

export interface HealthCheck {
  target: string;
  status: HealthStatus;
  details: string | null;
  latencyMs: number | null;
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
  /** When the target entered this status. */
  since: Date;
}

export interface HealthStore {
  /** The latest state of every target, to continue across restarts. */
  current(): Promise<TargetState[]>;
  /** Stores one row per check and one health-changed event per change, all or nothing. */
  record(checks: HealthCheck[], changes: HealthChange[], checkedAt: Date): Promise<void>;
}

/** What answered a discovery round: instance latencies per service name. */
export type Discovery = Map<string, { instances: number; latencyMs: number | null }>;

export function checksFrom(targets: readonly string[], found: Discovery): HealthCheck[] {
  return targets.map((target) => {
    const hit = found.get(target);
    if (!hit || hit.instances === 0) {
      return {
        target,
        status: 'unhealthy',
        details: 'no instance answered the ping',
        latencyMs: null,
      };
    }
    const plural = hit.instances === 1 ? 'instance' : 'instances';
    return {
      target,
      status: 'healthy',
      details: `${hit.instances} ${plural} answered`,
      latencyMs: hit.latencyMs,
    };
  });
}

export function createHealthMonitor(options: {
  targets: readonly string[];
  discover: () => Promise<Discovery>;
  store: HealthStore;
  now?: () => Date;
}) {
  const now = options.now ?? (() => new Date());
  let states: Map<string, TargetState> | undefined;
  let lastCheckedAt: Date | null = null;

  async function load(): Promise<Map<string, TargetState>> {
    states ??= new Map((await options.store.current()).map((s) => [s.target, s]));
    return states;
  }

  return {
    /** One probe round: ask, record, remember. Returns what changed. */
    async probe(): Promise<HealthChange[]> {
      const known = await load();
      const checks = checksFrom(options.targets, await options.discover());
      const checkedAt = now();
      const changes = checks
        .filter((c) => known.get(c.target)?.status !== c.status)
        .map((c) => ({
          target: c.target,
          from: known.get(c.target)?.status ?? 'unknown',
          to: c.status,
          details: c.details,
        }));
      await options.store.record(checks, changes, checkedAt);
      for (const c of checks) {
        const previous = known.get(c.target);
        const since = previous && previous.status === c.status ? previous.since : checkedAt;
        known.set(c.target, { target: c.target, status: c.status, details: c.details, since });
      }
      lastCheckedAt = checkedAt;
      return changes;
    },

    async summary(): Promise<{ checkedAt: Date | null; targets: TargetState[] }> {
      const known = await load();
      return { checkedAt: lastCheckedAt, targets: [...known.values()] };
    },
  };
}

export type HealthMonitor = ReturnType<typeof createHealthMonitor>;
