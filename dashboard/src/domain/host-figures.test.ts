import { describe, expect, it } from 'vitest';
import {
  cpuPercent,
  figuresFrom,
  networkRates,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  type HostSample,
} from './host-figures.ts';

const PROC_STAT = `cpu  4705 356 584 3699176 23060 0 277 0 120 0
cpu0 1393 280 316 924488 5698 0 172 0 60 0
cpu1 3312 76 268 2774688 17362 0 105 0 60 0
intr 114930548 113199788 3 0 5 263 0 4 [...]
ctxt 1990473
btime 1062191376
`;

const MEMINFO = `MemTotal:       16314352 kB
MemFree:          412340 kB
MemAvailable:    8157176 kB
Buffers:          802672 kB
Cached:          6522600 kB
`;

const NET_DEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 4223302   41093    0    0    0     0          0         0  4223302   41093    0    0    0     0       0          0
  eth0: 987654321 812345    0   12    0     0          0      1024 123456789  654321    0    0    0     0       0          0
docker0:    1200      10    0    0    0     0          0         0     3400      20    0    0    0     0       0          0
`;

describe('reading /proc', () => {
  it('adds up the cpu line without guest time and counts iowait as idle', () => {
    const parsed = parseProcStat(PROC_STAT);
    expect(parsed?.cores).toBe(2);
    // user nice system idle iowait irq softirq steal; guest columns already in user.
    expect(parsed?.cpu).toEqual({
      total: 4705 + 356 + 584 + 3699176 + 23060 + 0 + 277 + 0,
      idle: 3699176 + 23060,
    });
  });

  it('refuses a /proc/stat without a cpu line', () => {
    expect(parseProcStat('intr 1 2 3\n')).toBeNull();
    expect(parseProcStat('cpu  a b c d\n')).toBeNull();
  });

  it('takes MemAvailable as what is free, in bytes', () => {
    expect(parseMeminfo(MEMINFO)).toEqual({
      totalBytes: 16314352 * 1024,
      availableBytes: 8157176 * 1024,
    });
  });

  it('estimates available memory from free, buffers and cache on old kernels', () => {
    const old = MEMINFO.replace(/MemAvailable.*\n/, '');
    expect(parseMeminfo(old)?.availableBytes).toBe((412340 + 802672 + 6522600) * 1024);
    expect(parseMeminfo('nothing here')).toBeNull();
  });

  it('reads received and sent bytes per interface and leaves loopback out', () => {
    expect(parseNetDev(NET_DEV)).toEqual([
      { iface: 'eth0', rxBytes: 987654321, txBytes: 123456789 },
      { iface: 'docker0', rxBytes: 1200, txBytes: 3400 },
    ]);
  });
});

describe('rates between two readings', () => {
  it('gives the busy share of the time that passed', () => {
    expect(cpuPercent({ total: 1000, idle: 800 }, { total: 2000, idle: 1550 })).toBe(25);
  });

  it('gives no cpu figure when no time passed', () => {
    expect(cpuPercent({ total: 1000, idle: 800 }, { total: 1000, idle: 800 })).toBeNull();
  });

  it('divides the byte difference by the seconds between readings', () => {
    const before = [{ iface: 'eth0', rxBytes: 1_000, txBytes: 5_000 }];
    const after = [
      { iface: 'eth0', rxBytes: 21_000, txBytes: 6_000 },
      { iface: 'wg0', rxBytes: 10, txBytes: 10 },
    ];
    // wg0 appears for the first time: no rate until the next reading.
    expect(networkRates(before, after, 2)).toEqual([
      { iface: 'eth0', rxBytesPerSec: 10_000, txBytesPerSec: 500 },
    ]);
  });

  it('gives no rate for a counter that went backwards (interface re-created)', () => {
    const rates = networkRates(
      [
        { iface: 'eth0', rxBytes: 9_000, txBytes: 100 },
        { iface: 'eth1', rxBytes: 0, txBytes: 0 },
      ],
      [
        { iface: 'eth0', rxBytes: 500, txBytes: 300 },
        { iface: 'eth1', rxBytes: 10, txBytes: 20 },
      ],
      1,
    );
    expect(rates).toEqual([{ iface: 'eth1', rxBytesPerSec: 10, txBytesPerSec: 20 }]);
  });
});

describe('host figures', () => {
  const sample = (at: number, busy: number, rx: number): HostSample => ({
    at,
    hostname: 'nas',
    uptimeSeconds: 3600,
    cores: 4,
    cpu: { total: at, idle: at - busy },
    load: [0.5, 0.4, 0.3],
    memory: { totalBytes: 8_000, availableBytes: 2_000 },
    disks: [{ path: '/', totalBytes: 1_000, freeBytes: 100, usedBytes: 850 }],
    network: [{ iface: 'eth0', rxBytes: rx, txBytes: 0 }],
  });

  it('computes every figure from two readings', () => {
    const figures = figuresFrom(sample(10_000, 1_000, 0), sample(12_000, 1_500, 4_000));
    expect(figures).toEqual({
      at: new Date(12_000).toISOString(),
      hostname: 'nas',
      uptimeSeconds: 3600,
      cpu: { cores: 4, percent: 25 },
      load: [0.5, 0.4, 0.3],
      memory: { totalBytes: 8_000, usedBytes: 6_000, percent: 75 },
      // Like df: used / (used + available to users); reserved blocks do not count as free.
      disks: [{ path: '/', totalBytes: 1_000, freeBytes: 100, percent: 89.5 }],
      network: [{ iface: 'eth0', rxBytesPerSec: 2_000, txBytesPerSec: 0 }],
    });
  });

  it('leaves rates out when there is only one reading or no /proc/net/dev', () => {
    const figures = figuresFrom(undefined, { ...sample(1, 0, 0), cpu: null, network: null });
    expect(figures.cpu.percent).toBeNull();
    expect(figures.network).toEqual([]);
  });
});
