// The periodic health probe: one round per interval, never two at once. A
// round asks the bus who is up ($SRV.PING/INFO/STATS), reads NATS and
// JetStream, and measures the host. A failed round is logged and tried again
// at the next tick; it never stops the loop.
import { discoverServices } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import type { HealthMonitor, HealthSources, ServiceHealth } from '../domain/health.ts';
import type { HostMeter } from '../host/host-meter.ts';
import { readNatsState } from './jetstream-state.ts';
import type { Logger } from '@homelab/nats/runtime';

/** Every instance that answered discovery, grouped by service name. */
export function discoverOnBus(nc: NatsConnection, timeoutMs: number) {
  return async (): Promise<ServiceHealth[]> => {
    const byName = new Map<string, ServiceHealth>();
    for (const s of await discoverServices(nc, { timeoutMs })) {
      const service = byName.get(s.name) ?? { name: s.name, instances: [] };
      service.instances.push({
        id: s.id,
        version: s.version,
        startedAt: s.started ?? null,
        pingMs: s.pingMs === undefined ? null : Math.round(s.pingMs * 10) / 10,
        endpoints: s.endpoints.map(({ name, subject, requests, errors, averageMs }) => ({
          name,
          subject,
          requests,
          errors,
          averageMs: Math.round(averageMs * 100) / 100,
        })),
      });
      byName.set(s.name, service);
    }
    return [...byName.values()];
  };
}

/** The probe's sources on the bus and the host, for createHealthMonitor. */
export function healthSources(options: {
  nc: NatsConnection;
  host: HostMeter;
  /** Upper bound on each NATS wait (discovery, ping, JetStream API). */
  timeoutMs: number;
}): HealthSources {
  return {
    services: discoverOnBus(options.nc, options.timeoutMs),
    nats: readNatsState(options.nc, { timeoutMs: options.timeoutMs }),
    host: () => options.host.measure(),
  };
}

export function startHealthProbe(monitor: HealthMonitor, intervalMs: number, logger: Logger) {
  let running: Promise<void> | undefined;
  const round = () => {
    running = monitor
      .probe()
      .then((changes) => {
        for (const c of changes) logger.info(c, 'health changed');
      })
      .catch((err: unknown) => logger.warn({ err }, 'health probe failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  // A slow round is not stacked on: the timer skips while one is under way.
  const timer = setInterval(() => void (running ?? round()), intervalMs);
  void round();
  return {
    /** Runs a fresh round now, after the one under way (if any). */
    async probeNow(): Promise<void> {
      while (running) await running;
      await round();
    },
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
