import { describe, expect, it } from 'vitest';
import type { NatsState, ServiceHealth } from './health.ts';
import { hostCheck, natsCheck, overallStatus, serviceCheck } from './health-rules.ts';
import type { HostFigures } from './host-figures.ts';

const host = (over: Partial<HostFigures> = {}): HostFigures => ({
  at: '2026-11-28T10:00:00.000Z',
  hostname: 'nas',
  uptimeSeconds: 100,
  cpu: { cores: 4, percent: 12.5 },
  load: [0.8, 0.5, 0.2],
  memory: { totalBytes: 100, usedBytes: 40, percent: 40 },
  disks: [
    { path: '/', totalBytes: 100, freeBytes: 45, percent: 55 },
    { path: '/srv', totalBytes: 100, freeBytes: 70, percent: 30 },
  ],
  network: [
    { iface: 'eth0', rxBytesPerSec: 1000, txBytesPerSec: 200 },
    { iface: 'wg0', rxBytesPerSec: 0, txBytesPerSec: 50 },
  ],
  ...over,
});

const nats = (over: Partial<NatsState> = {}): NatsState => ({
  connected: true,
  server: 'homelab',
  rttMs: 0.4,
  jetstream: { reachable: true, error: null, storageBytes: 10, maxStorageBytes: null },
  streams: [
    {
      name: 'STREAMBOT_EVENTS',
      messages: 5,
      bytes: 500,
      firstSeq: 1,
      lastSeq: 5,
      consumers: [{ name: 'feed', pending: 2, ackPending: 0, redelivered: 0 }],
      error: null,
    },
  ],
  ...over,
});

describe('the overall status', () => {
  it('is the worst of the targets, unknown when there are none', () => {
    expect(overallStatus(['healthy', 'degraded', 'healthy'])).toBe('degraded');
    expect(overallStatus(['healthy', 'unknown'])).toBe('unknown');
    expect(overallStatus(['unknown', 'unhealthy', 'degraded'])).toBe('unhealthy');
    expect(overallStatus([])).toBe('unknown');
  });
});

describe('a service check', () => {
  const service: ServiceHealth = {
    name: 'streambot',
    instances: [
      { id: 'a', version: '1.2.0', startedAt: null, pingMs: 3.6, endpoints: [] },
      { id: 'b', version: '1.2.0', startedAt: null, pingMs: 1.2, endpoints: [] },
    ],
  };

  it('is healthy when an instance answers, with the fastest ping as latency', () => {
    expect(serviceCheck('service:streambot', service)).toMatchObject({
      status: 'healthy',
      details: '2 instances answered (1.2.0)',
      latencyMs: 1,
    });
  });

  it('is unhealthy when nobody answers', () => {
    expect(serviceCheck('service:discord', undefined).status).toBe('unhealthy');
  });

  it('is degraded when most requests to an endpoint fail', () => {
    const endpoints = [
      { name: 'q', subject: 'x.query.q.v1', requests: 20, errors: 15, averageMs: 1 },
    ];
    const failing = { ...service, instances: [{ ...service.instances[0]!, endpoints }] };
    expect(serviceCheck('service:streambot', failing)).toMatchObject({
      status: 'degraded',
      details: 'x.query.q.v1 failed 15 of 20',
    });
  });
});

describe('the host check', () => {
  it('is healthy with room to spare and carries the figures the charts need', () => {
    const check = hostCheck(host());
    expect(check.status).toBe('healthy');
    expect(check.metrics).toEqual({
      cpuPercent: 12.5,
      memoryPercent: 40,
      load1: 0.8,
      diskPercent: 55,
      rxBytesPerSec: 1000,
      txBytesPerSec: 250,
    });
  });

  it('is degraded when memory or a disk is nearly full, or the load per core is high', () => {
    expect(
      hostCheck(host({ memory: { totalBytes: 100, usedBytes: 92, percent: 92 } })),
    ).toMatchObject({ status: 'degraded', details: 'memory 92% used' });
    const disk = { path: '/srv', totalBytes: 100, freeBytes: 5, percent: 95 };
    expect(hostCheck(host({ disks: [disk] })).details).toBe('/srv is 95% full');
    expect(hostCheck(host({ load: [9, 5, 1] })).status).toBe('degraded');
  });

  it('is unhealthy when a disk is all but full', () => {
    const disk = { path: '/', totalBytes: 100, freeBytes: 1, percent: 99 };
    expect(hostCheck(host({ disks: [disk] })).status).toBe('unhealthy');
  });
});

describe('the NATS check', () => {
  it('is healthy when connected and JetStream answers, naming streams not yet created', () => {
    const missing = { ...nats().streams[0]!, name: 'DISCORD_EVENTS', consumers: [], error: 'gone' };
    const check = natsCheck(nats({ streams: [...nats().streams, missing] }));
    expect(check).toMatchObject({ status: 'healthy', latencyMs: 0 });
    expect(check.details).toMatch(/not created yet: DISCORD_EVENTS/);
  });

  it('is unhealthy when disconnected or JetStream does not answer', () => {
    expect(natsCheck(nats({ connected: false })).status).toBe('unhealthy');
    const js = { reachable: false, error: 'timeout', storageBytes: 0, maxStorageBytes: null };
    expect(natsCheck(nats({ jetstream: js })).details).toMatch(
      /JetStream does not answer: timeout/,
    );
  });

  it('is degraded when a consumer lags badly or the account is nearly out of storage', () => {
    const [stream] = nats().streams;
    const lagging = {
      ...stream!,
      consumers: [{ name: 'feed', pending: 5000, ackPending: 0, redelivered: 0 }],
    };
    expect(natsCheck(nats({ streams: [lagging] }))).toMatchObject({
      status: 'degraded',
      details: 'consumer feed on STREAMBOT_EVENTS is 5000 behind',
    });
    const js = { reachable: true, error: null, storageBytes: 95, maxStorageBytes: 100 };
    expect(natsCheck(nats({ jetstream: js })).details).toBe('JetStream storage 95% used');
  });
});
