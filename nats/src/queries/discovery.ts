// Who is up on the bus: one $SRV.PING, INFO and STATS round, merged per
// service instance. Instances answer within a few milliseconds; the wait
// ends a short quiet period after the last answer (or at timeoutMs).
import { RequestStrategy, type NatsConnection, type QueuedIterator } from 'nats';
import type { EndpointCounters } from './query-service.ts';

export interface DiscoveredEndpoint {
  name: string;
  subject: string;
  queueGroup?: string;
  requests: number;
  errors: number;
  averageMs: number;
  lastError?: string;
}

export interface DiscoveredService {
  name: string;
  id: string;
  version: string;
  description?: string;
  started?: string;
  /** Time until this instance's PING answer arrived. */
  pingMs?: number;
  endpoints: DiscoveredEndpoint[];
}

export interface DiscoverOptions {
  /** Only instances of this service. */
  name?: string;
  /** Upper bound on the wait (default 1000 ms). */
  timeoutMs?: number;
}

async function collect<T>(
  responses: Promise<QueuedIterator<T>>,
  onEach?: (t: T) => void,
): Promise<T[]> {
  const out: T[] = [];
  for await (const r of await responses) {
    onEach?.(r);
    out.push(r);
  }
  return out;
}

type EndpointData = (EndpointCounters & { averageMs?: number }) | null | undefined;

export async function discoverServices(
  nc: NatsConnection,
  options: DiscoverOptions = {},
): Promise<DiscoveredService[]> {
  const client = nc.services.client({
    strategy: RequestStrategy.JitterTimer,
    maxWait: options.timeoutMs ?? 1000,
    jitter: 100,
  });
  const name = options.name ?? '';
  const started = performance.now();
  const pingMs = new Map<string, number>();
  const [pings, infos, stats] = await Promise.all([
    collect(client.ping(name), (p) => pingMs.set(p.id, performance.now() - started)),
    collect(client.info(name)),
    collect(client.stats(name)),
  ]);

  return pings
    .map((p): DiscoveredService => {
      const info = infos.find((i) => i.id === p.id);
      const stat = stats.find((s) => s.id === p.id);
      const endpoints = (info?.endpoints ?? []).map((e): DiscoveredEndpoint => {
        const s = stat?.endpoints?.find((x) => x.name === e.name);
        // Prefer the counters this package keeps (see query-service.ts).
        const data = s?.data as EndpointData;
        return {
          name: e.name,
          subject: e.subject,
          queueGroup: e.queue_group,
          requests: data?.requests ?? s?.num_requests ?? 0,
          errors: data?.errors ?? s?.num_errors ?? 0,
          averageMs: data?.averageMs ?? (s ? s.average_processing_time / 1e6 : 0),
          lastError: data?.lastError ?? (s?.last_error || undefined),
        };
      });
      return {
        name: p.name,
        id: p.id,
        version: p.version,
        description: info?.description,
        started: stat?.started,
        pingMs: pingMs.get(p.id),
        endpoints,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}
