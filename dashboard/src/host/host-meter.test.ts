import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostSample } from '../domain/host-figures.ts';
import { createHostMeter } from './host-meter.ts';
import { procHostSource, type HostSource } from './host-source.ts';

/** Readings that advance by one second and 250 busy ms out of 1000 each time. */
function ticking(): HostSource & { calls: number } {
  const source = {
    calls: 0,
    sample: async (): Promise<HostSample> => {
      source.calls += 1;
      const n = source.calls;
      return {
        at: 1_000_000 + n * 1_000,
        hostname: 'nas',
        uptimeSeconds: n,
        cores: 2,
        cpu: { total: n * 1_000, idle: n * 750 },
        load: [0, 0, 0],
        memory: { totalBytes: 100, availableBytes: 50 },
        disks: [],
        network: [{ iface: 'eth0', rxBytes: n * 4_096, txBytes: 0 }],
      };
    },
  };
  return source;
}

describe('the host meter', () => {
  it('takes two readings the first time, then measures against the last one', async () => {
    const source = ticking();
    const meter = createHostMeter(source, { settleMs: 1 });
    const first = await meter.measure();
    expect(source.calls).toBe(2);
    expect(first.cpu.percent).toBe(25);
    expect(first.network).toEqual([{ iface: 'eth0', rxBytesPerSec: 4096, txBytesPerSec: 0 }]);
    await meter.measure();
    expect(source.calls).toBe(3);
  });

  it('shares one measurement between callers that ask at once', async () => {
    const source = ticking();
    const meter = createHostMeter(source, { settleMs: 1 });
    const [a, b] = await Promise.all([meter.measure(), meter.measure()]);
    expect(a).toBe(b);
    expect(source.calls).toBe(2);
  });
});

describe('reading the host', () => {
  it('reads a proc folder and the disks asked for', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'proc-'));
    try {
      await mkdir(path.join(dir, 'net'));
      await writeFile(
        path.join(dir, 'stat'),
        'cpu  10 0 10 80 0 0 0 0 0 0\ncpu0 10 0 10 80 0 0 0 0 0 0\n',
      );
      await writeFile(path.join(dir, 'meminfo'), 'MemTotal: 1000 kB\nMemAvailable: 250 kB\n');
      await writeFile(path.join(dir, 'uptime'), '12345.67 999.00\n');
      await writeFile(
        path.join(dir, 'net/dev'),
        'h\nh\n  eth0: 100 1 0 0 0 0 0 0 200 2 0 0 0 0 0 0\n',
      );
      const sample = await procHostSource({ diskPaths: [dir], procRoot: dir }).sample();
      expect(sample).toMatchObject({
        uptimeSeconds: 12346,
        cores: 1,
        cpu: { total: 100, idle: 80 },
        memory: { totalBytes: 1_024_000, availableBytes: 256_000 },
        network: [{ iface: 'eth0', rxBytes: 100, txBytes: 200 }],
      });
      expect(sample.disks).toHaveLength(1);
      expect(sample.disks[0]?.totalBytes).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('falls back to node:os where there is no /proc, and skips a missing disk', async () => {
    const sample = await procHostSource({
      diskPaths: ['/no/such/folder'],
      procRoot: '/no/such/proc',
    }).sample();
    expect(sample.cpu?.total).toBeGreaterThan(0);
    expect(sample.memory?.totalBytes).toBe(os.totalmem());
    expect(sample.network).toBeNull();
    expect(sample.disks).toEqual([]);
    expect(sample.cores).toBeGreaterThan(0);
  });
});
