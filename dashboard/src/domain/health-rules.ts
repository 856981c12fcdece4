// What counts as healthy: one check per target from what a probe round saw.
// The thresholds are deliberately few and coarse; the figures themselves go
// into each check's metrics, so the history shows more than the verdict.
import type { HealthCheck, HealthStatus, NatsState, ServiceHealth } from './health.ts';
import type { HostFigures } from './host-figures.ts';

export const LIMITS = {
  /** Memory or a disk this full (percent) makes the host degraded. */
  fullPercent: 90,
  /** A disk this full is an outage waiting to happen. */
  diskCriticalPercent: 98,
  /** One-minute load per core above this: the host is queueing work. */
  loadPerCore: 2,
  /** A consumer this many messages behind (or awaiting acks) lags badly. */
  consumerPending: 1_000,
  /** Requests needed before an endpoint's error share is judged. */
  minRequests: 10,
  errorShare: 0.5,
} as const;

const ORDER: readonly HealthStatus[] = ['healthy', 'unknown', 'degraded', 'unhealthy'];

/** The worst of the statuses; unknown when there are none. */
export function overallStatus(statuses: readonly HealthStatus[]): HealthStatus {
  if (statuses.length === 0) return 'unknown';
  return statuses.reduce((worst, s) => (ORDER.indexOf(s) > ORDER.indexOf(worst) ? s : worst));
}

export function serviceCheck(target: string, service: ServiceHealth | undefined): HealthCheck {
  const instances = service?.instances ?? [];
  if (instances.length === 0) {
    const details = 'no instance answered the ping';
    return { target, status: 'unhealthy', details, latencyMs: null, metrics: { instances: 0 } };
  }
  const pings = instances.map((i) => i.pingMs).filter((p) => p !== null);
  const latencyMs = pings.length > 0 ? Math.round(Math.min(...pings)) : null;
  const versions = [...new Set(instances.map((i) => i.version))].join(', ');
  const plural = instances.length === 1 ? 'instance' : 'instances';
  const failing = instances
    .flatMap((i) => i.endpoints)
    .filter((e) => e.requests >= LIMITS.minRequests && e.errors / e.requests >= LIMITS.errorShare);
  const metrics = { instances: instances.length, pingMs: latencyMs };
  if (failing.length > 0) {
    const what = failing.map((e) => `${e.subject} failed ${e.errors} of ${e.requests}`);
    return { target, status: 'degraded', details: what.join('; '), latencyMs, metrics };
  }
  const details = `${instances.length} ${plural} answered (${versions})`;
  return { target, status: 'healthy', details, latencyMs, metrics };
}

const sum = (values: (number | null)[]) => {
  const known = values.filter((v) => v !== null);
  return known.length > 0 ? known.reduce((a, b) => a + b, 0) : null;
};

export function hostCheck(host: HostFigures): HealthCheck {
  const diskPercent = host.disks.length > 0 ? Math.max(...host.disks.map((d) => d.percent)) : null;
  const load1 = host.load[0];
  const metrics = {
    cpuPercent: host.cpu.percent,
    memoryPercent: host.memory.percent,
    load1,
    diskPercent,
    rxBytesPerSec: sum(host.network.map((n) => n.rxBytesPerSec)),
    txBytesPerSec: sum(host.network.map((n) => n.txBytesPerSec)),
  };
  const problems: string[] = [];
  let status: HealthStatus = 'healthy';
  const worsen = (to: HealthStatus, why: string) => {
    status = overallStatus([status, to]);
    problems.push(why);
  };
  if (host.memory.percent >= LIMITS.fullPercent)
    worsen('degraded', `memory ${host.memory.percent}% used`);
  for (const d of host.disks) {
    if (d.percent >= LIMITS.diskCriticalPercent)
      worsen('unhealthy', `${d.path} is ${d.percent}% full`);
    else if (d.percent >= LIMITS.fullPercent) worsen('degraded', `${d.path} is ${d.percent}% full`);
  }
  if (host.cpu.cores > 0 && load1 / host.cpu.cores > LIMITS.loadPerCore)
    worsen('degraded', `load ${load1} on ${host.cpu.cores} cores`);
  const pct = (v: number | null) => (v === null ? '?' : `${v}%`);
  const details =
    problems.join('; ') ||
    `cpu ${pct(metrics.cpuPercent)}, memory ${pct(metrics.memoryPercent)}, ` +
      `disk ${pct(diskPercent)}, load ${load1}`;
  return { target: 'host', status, details, latencyMs: null, metrics };
}

export function natsCheck(nats: NatsState): HealthCheck {
  const missing = nats.streams.filter((s) => s.error !== null).map((s) => s.name);
  const consumers = nats.streams.flatMap((s) => s.consumers.map((c) => ({ stream: s.name, ...c })));
  const maxPending = Math.max(0, ...consumers.map((c) => c.pending));
  const metrics = {
    rttMs: nats.rttMs,
    streams: nats.streams.length - missing.length,
    missingStreams: missing.length,
    maxPending,
  };
  const check = (status: HealthStatus, details: string): HealthCheck => ({
    target: 'nats',
    status,
    details,
    latencyMs: nats.rttMs === null ? null : Math.round(nats.rttMs),
    metrics,
  });
  if (!nats.connected) return check('unhealthy', 'not connected to NATS');
  const js = nats.jetstream;
  if (!js.reachable) return check('unhealthy', `JetStream does not answer: ${js.error ?? '?'}`);
  const problems: string[] = [];
  if (js.maxStorageBytes && js.storageBytes / js.maxStorageBytes >= LIMITS.fullPercent / 100)
    problems.push(
      `JetStream storage ${Math.round((js.storageBytes / js.maxStorageBytes) * 100)}% used`,
    );
  for (const c of consumers) {
    if (c.pending >= LIMITS.consumerPending || c.ackPending >= LIMITS.consumerPending)
      problems.push(`consumer ${c.name} on ${c.stream} is ${c.pending + c.ackPending} behind`);
  }
  if (problems.length > 0) return check('degraded', problems.join('; '));
  const absent = missing.length > 0 ? `; not created yet: ${missing.join(', ')}` : '';
  return check('healthy', `connected to ${nats.server ?? 'NATS'}${absent}`);
}
