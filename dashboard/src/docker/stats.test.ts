import { describe, expect, it } from 'vitest';
import { cpuPercent, memoryUsed, toStatsSample, type RawStats } from './stats.ts';

const sample: RawStats = {
  read: '2026-11-28T10:20:00.123456789Z',
  // 0.4 s of container CPU time in 2 s of host CPU time on 4 CPUs = 80% of one core.
  cpu_stats: {
    cpu_usage: { total_usage: 1_400_000_000 },
    system_cpu_usage: 10_000_000_000,
    online_cpus: 4,
  },
  precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 8_000_000_000 },
  memory_stats: { usage: 50_000_000, limit: 200_000_000, stats: { inactive_file: 10_000_000 } },
  networks: { eth0: { rx_bytes: 1_000, tx_bytes: 200 }, eth1: { rx_bytes: 24, tx_bytes: 0 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'read', value: 4_096 },
      { op: 'write', value: 8_192 },
      { op: 'Read', value: 4_096 },
    ],
  },
  pids_stats: { current: 3 },
};

describe('container stats figures', () => {
  it('computes CPU % from the deltas to the previous sample, scaled by the CPUs online', () => {
    expect(cpuPercent(sample)).toBe(80);
  });

  it('counts the CPUs from percpu_usage when online_cpus is missing (older engines)', () => {
    const old: RawStats = {
      ...sample,
      cpu_stats: {
        cpu_usage: { total_usage: 1_400_000_000, percpu_usage: [1, 1] },
        system_cpu_usage: 10_000_000_000,
      },
    };
    expect(cpuPercent(old)).toBe(40);
  });

  it('says 0% for the first sample of a stream, which has no previous one', () => {
    expect(cpuPercent({ ...sample, precpu_stats: {} })).toBe(0);
  });

  it('leaves out reclaimable page cache from memory, like docker stats', () => {
    expect(memoryUsed(sample)).toBe(40_000_000);
    const v1 = { memory_stats: { usage: 30, stats: { total_inactive_file: 10 } } };
    expect(memoryUsed(v1)).toBe(20);
  });

  it('sums networks and block I/O and keeps the engine time', () => {
    expect(toStatsSample(sample)).toEqual({
      at: '2026-11-28T10:20:00.123Z',
      cpuPercent: 80,
      memoryBytes: 40_000_000,
      memoryLimitBytes: 200_000_000,
      memoryPercent: 20,
      rxBytes: 1_024,
      txBytes: 200,
      blockReadBytes: 8_192,
      blockWriteBytes: 8_192,
      pids: 3,
    });
  });

  it('uses the current time for a stopped container, whose sample has the zero time', () => {
    const now = new Date('2026-11-28T11:00:00Z');
    const stopped = toStatsSample({ read: '0001-01-01T00:00:00Z' }, now);
    expect(stopped).toMatchObject({ at: now.toISOString(), cpuPercent: 0, memoryPercent: 0 });
  });
});
