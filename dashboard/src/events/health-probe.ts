// The periodic health probe: one discovery round ($SRV.PING/INFO/STATS) per
// interval, never two at once. A failed round is logged and tried again at
// the next tick; it never stops the loop.
import { discoverServices, SERVICE_NAMES } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import type { Discovery, HealthMonitor } from '../domain/health.ts';
import type { Logger } from '@homelab/nats/runtime';

/** Health targets for the services on the bus, named after their NATS service names. */
export const SERVICE_TARGETS = SERVICE_NAMES.map((name) => `service:${name}`);

export function discoverOnBus(nc: NatsConnection, timeoutMs: number) {
  return async (): Promise<Discovery> => {
    const found: Discovery = new Map();
    for (const s of await discoverServices(nc, { timeoutMs })) {
      const target = `service:${s.name}`;
      const entry = found.get(target) ?? { instances: 0, latencyMs: null };
      entry.instances += 1;
      if (s.pingMs !== undefined) {
        const ms = Math.round(s.pingMs);
        entry.latencyMs = entry.latencyMs === null ? ms : Math.min(entry.latencyMs, ms);
      }
      found.set(target, entry);
    }
    return found;
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
