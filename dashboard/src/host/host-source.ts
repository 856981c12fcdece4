// Reads the host the dashboard runs on: /proc where it exists (Linux, and
// the host's own figures inside a container that mounts it), node:os where
// it does not. Anything unreadable comes back as null or an empty list; a
// reading never throws, so a missing file only blanks its figure.
import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  type CpuTimes,
  type HostSample,
} from '../domain/host-figures.ts';

/** Where host readings come from; tests give fixed ones. */
export interface HostSource {
  sample(): Promise<HostSample>;
}

export interface ProcHostSourceOptions {
  /** Folders whose file systems are reported (HOST_DISK_PATHS). */
  diskPaths: readonly string[];
  /** Where proc is mounted (default /proc), e.g. /host/proc in a container. */
  procRoot?: string;
}

const readText = (file: string) => readFile(file, 'utf8').catch(() => null);

// Without /proc/stat: os.cpus() keeps the same counters per core, in ms.
function cpuFromOs(): CpuTimes | null {
  const cpus = os.cpus();
  if (cpus.length === 0) return null;
  let total = 0;
  let idle = 0;
  for (const { times } of cpus) {
    total += times.user + times.nice + times.sys + times.idle + times.irq;
    idle += times.idle;
  }
  return { total, idle };
}

async function diskOf(dir: string): Promise<HostSample['disks'][number] | null> {
  try {
    const s = await statfs(dir);
    return {
      path: dir,
      totalBytes: s.blocks * s.bsize,
      freeBytes: s.bavail * s.bsize,
      usedBytes: (s.blocks - s.bfree) * s.bsize,
    };
  } catch {
    return null;
  }
}

export function procHostSource(options: ProcHostSourceOptions): HostSource {
  const proc = options.procRoot ?? '/proc';
  return {
    async sample(): Promise<HostSample> {
      const [stat, meminfo, netDev, uptime, disks] = await Promise.all([
        readText(path.join(proc, 'stat')),
        readText(path.join(proc, 'meminfo')),
        readText(path.join(proc, 'net/dev')),
        readText(path.join(proc, 'uptime')),
        Promise.all(options.diskPaths.map(diskOf)),
      ]);
      const procStat = stat === null ? null : parseProcStat(stat);
      const uptimeSeconds = uptime === null ? Number.NaN : Number(uptime.split(/\s+/)[0]);
      const osUptime = os.uptime();
      const loads = os.loadavg();
      return {
        at: Date.now(),
        hostname: os.hostname(),
        uptimeSeconds: Math.round(Number.isFinite(uptimeSeconds) ? uptimeSeconds : osUptime),
        cores: procStat?.cores || os.availableParallelism(),
        cpu: procStat?.cpu ?? cpuFromOs(),
        // Windows has no load average; node:os gives zeros there.
        load: [loads[0] ?? 0, loads[1] ?? 0, loads[2] ?? 0],
        memory: (meminfo === null ? null : parseMeminfo(meminfo)) ?? {
          totalBytes: os.totalmem(),
          availableBytes: os.freemem(),
        },
        disks: disks.filter((d) => d !== null),
        network: netDev === null ? null : parseNetDev(netDev),
      };
    },
  };
}
