// The host's figures from raw readings. CPU use and network rates are
// counters, so they only mean something as the difference between two
// samples; everything here is pure, so the /proc parsing and the delta math
// are tested with fixed text, and the reading itself lives in src/host/.

/** Cumulative CPU time over all cores, in clock ticks (or ms: only ratios matter). */
export interface CpuTimes {
  total: number;
  idle: number;
}

export interface InterfaceCounters {
  iface: string;
  rxBytes: number;
  txBytes: number;
}

/**
 * One reading of the host; null where the platform could not tell. (Uptime,
 * load and memory always have an answer: node:os gives one everywhere.)
 */
export interface HostSample {
  /** Milliseconds since the epoch. */
  at: number;
  hostname: string;
  uptimeSeconds: number;
  cores: number;
  cpu: CpuTimes | null;
  load: [number, number, number];
  memory: { totalBytes: number; availableBytes: number };
  disks: { path: string; totalBytes: number; freeBytes: number; usedBytes: number }[];
  network: InterfaceCounters[] | null;
}

export interface HostFigures {
  at: string;
  hostname: string;
  uptimeSeconds: number;
  /** percent is null only when no CPU time passed between the two readings. */
  cpu: { cores: number; percent: number | null };
  load: [number, number, number];
  memory: { totalBytes: number; usedBytes: number; percent: number };
  disks: { path: string; totalBytes: number; freeBytes: number; percent: number }[];
  /** Interfaces with a rate: one seen for the first time, or whose counter reset, waits a round. */
  network: { iface: string; rxBytesPerSec: number; txBytesPerSec: number }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The aggregate `cpu` line of /proc/stat. Guest time is already counted in
 * user time, so only the first eight columns add up to the total; iowait is
 * idle time (the CPU waited, it did not work).
 */
export function parseProcStat(text: string): { cpu: CpuTimes; cores: number } | null {
  const lines = text.split('\n');
  const line = lines.find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  const times = line.trim().split(/\s+/).slice(1).map(Number);
  if (times.length < 4 || times.some((n) => !Number.isFinite(n))) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    times;
  const busy = user + nice + system + irq + softirq + steal;
  const cores = lines.filter((l) => /^cpu\d+\s/.test(l)).length;
  return { cpu: { total: busy + idle + iowait, idle: idle + iowait }, cores };
}

/**
 * /proc/meminfo in bytes. MemAvailable (Linux 3.14+) counts reclaimable cache
 * as available; without it, free + buffers + cached is the usual estimate.
 */
export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } | null {
  const kb = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [, key, value] = /^(\w+):\s+(\d+)/.exec(line) ?? [];
    if (key && value) kb.set(key, Number(value));
  }
  const total = kb.get('MemTotal');
  if (total === undefined) return null;
  const available =
    kb.get('MemAvailable') ??
    (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0);
  return { totalBytes: total * 1024, availableBytes: Math.min(available, total) * 1024 };
}

/** Byte counters per interface from /proc/net/dev, loopback left out. */
export function parseNetDev(text: string): InterfaceCounters[] {
  const out: InterfaceCounters[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    const fields = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map(Number);
    // Receive has 8 columns (bytes first), transmit follows with bytes first.
    const rx = fields[0];
    const tx = fields[8];
    if (iface === 'lo' || rx === undefined || tx === undefined) continue;
    if (!Number.isFinite(rx) || !Number.isFinite(tx)) continue;
    out.push({ iface, rxBytes: rx, txBytes: tx });
  }
  return out;
}

/** Share of busy time between two readings, 0-100; null when no time passed. */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  const idle = after.idle - before.idle;
  if (total <= 0 || idle < 0) return null;
  return round1(Math.min(100, Math.max(0, (1 - idle / total) * 100)));
}

/**
 * Bytes per second per interface between two readings. An interface seen
 * only once, or whose counter went down (re-created, 32-bit wrap), is left
 * out of this reading rather than shown with a made-up or negative rate.
 */
export function networkRates(
  before: InterfaceCounters[],
  after: InterfaceCounters[],
  seconds: number,
): HostFigures['network'] {
  if (seconds <= 0) return [];
  return after.flatMap((now) => {
    const then = before.find((b) => b.iface === now.iface);
    if (!then || now.rxBytes < then.rxBytes || now.txBytes < then.txBytes) return [];
    return [
      {
        iface: now.iface,
        rxBytesPerSec: Math.round((now.rxBytes - then.rxBytes) / seconds),
        txBytesPerSec: Math.round((now.txBytes - then.txBytes) / seconds),
      },
    ];
  });
}

/** The figures of `current`, with rates taken against `previous` when there is one. */
export function figuresFrom(previous: HostSample | undefined, current: HostSample): HostFigures {
  const seconds = previous ? (current.at - previous.at) / 1000 : 0;
  const percent = (used: number, total: number) => (total > 0 ? round1((used / total) * 100) : 0);
  const memory = current.memory;
  return {
    at: new Date(current.at).toISOString(),
    hostname: current.hostname,
    uptimeSeconds: current.uptimeSeconds,
    cpu: {
      cores: current.cores,
      percent: previous?.cpu && current.cpu ? cpuPercent(previous.cpu, current.cpu) : null,
    },
    load: current.load,
    memory: {
      totalBytes: memory.totalBytes,
      usedBytes: memory.totalBytes - memory.availableBytes,
      percent: percent(memory.totalBytes - memory.availableBytes, memory.totalBytes),
    },
    // Like df: the share of what is usable by ordinary users (reserved blocks left out).
    disks: current.disks.map((d) => ({
      path: d.path,
      totalBytes: d.totalBytes,
      freeBytes: d.freeBytes,
      percent: percent(d.usedBytes, d.usedBytes + d.freeBytes),
    })),
    network: current.network ? networkRates(previous?.network ?? [], current.network, seconds) : [],
  };
}
