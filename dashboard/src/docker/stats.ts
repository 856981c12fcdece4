// Figures from one Engine API stats sample, computed the way `docker stats`
// shows them. The engine reports cumulative CPU time; the percentage is the
// container's share of the host's CPU time between this sample and the one
// before it (precpu_stats), scaled by the CPUs online, so 200% = two full cores.
import type { StatsSample } from './engine.ts';

/** The part of the engine's stats JSON that is read (cgroup v1 and v2 both). */
export interface RawStats {
  read?: string;
  cpu_stats?: RawCpu;
  precpu_stats?: RawCpu;
  memory_stats?: {
    usage?: number;
    limit?: number;
    stats?: Record<string, number | undefined>;
  };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: {
    io_service_bytes_recursive?: { op?: string; value?: number }[] | null;
  };
  pids_stats?: { current?: number };
}

interface RawCpu {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null };
  system_cpu_usage?: number;
  online_cpus?: number;
}

export function cpuPercent(stats: RawStats): number {
  const now = stats.cpu_stats;
  const before = stats.precpu_stats;
  const cpuDelta = (now?.cpu_usage?.total_usage ?? 0) - (before?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (now?.system_cpu_usage ?? 0) - (before?.system_cpu_usage ?? 0);
  const cpus = now?.online_cpus || now?.cpu_usage?.percpu_usage?.length || 1;
  // The first sample of a stream has no previous one (precpu is zero): no figure yet.
  if (cpuDelta <= 0 || systemDelta <= 0 || !before?.system_cpu_usage) return 0;
  return round((cpuDelta / systemDelta) * cpus * 100);
}

/**
 * Memory in use as docker stats counts it: the usage without the page cache
 * the kernel can drop (inactive_file on cgroup v2, total_inactive_file on v1).
 */
export function memoryUsed(stats: RawStats): number {
  const usage = stats.memory_stats?.usage ?? 0;
  const s = stats.memory_stats?.stats ?? {};
  const cache = s.total_inactive_file ?? s.inactive_file ?? 0;
  return cache < usage ? usage - cache : usage;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function blockBytes(stats: RawStats, op: 'read' | 'write'): number {
  let total = 0;
  for (const entry of stats.blkio_stats?.io_service_bytes_recursive ?? []) {
    if (entry.op?.toLowerCase() === op) total += entry.value ?? 0;
  }
  return total;
}

export function toStatsSample(stats: RawStats, now: Date = new Date()): StatsSample {
  const memoryBytes = memoryUsed(stats);
  const memoryLimitBytes = stats.memory_stats?.limit ?? 0;
  let rxBytes = 0;
  let txBytes = 0;
  for (const net of Object.values(stats.networks ?? {})) {
    rxBytes += net.rx_bytes ?? 0;
    txBytes += net.tx_bytes ?? 0;
  }
  // A stopped container's sample carries the zero time (0001-01-01).
  const read = stats.read ? new Date(stats.read) : undefined;
  const at = read && read.getUTCFullYear() > 1970 ? read : now;
  return {
    at: at.toISOString(),
    cpuPercent: cpuPercent(stats),
    memoryBytes,
    memoryLimitBytes,
    memoryPercent: memoryLimitBytes > 0 ? round((memoryBytes / memoryLimitBytes) * 100) : 0,
    rxBytes,
    txBytes,
    blockReadBytes: blockBytes(stats, 'read'),
    blockWriteBytes: blockBytes(stats, 'write'),
    pids: stats.pids_stats?.current ?? 0,
  };
}
