import { describe, expect, it } from 'vitest';
import {
  createHealthMonitor,
  HOUR_MS,
  type HealthChange,
  type HealthCheck,
  type HealthSources,
  type HealthStore,
  type NatsState,
  type ServiceHealth,
} from './health.ts';
import type { HostFigures } from './host-figures.ts';

const NATS: NatsState = {
  connected: true,
  server: 'homelab',
  rttMs: 1,
  jetstream: { reachable: true, error: null, storageBytes: 0, maxStorageBytes: null },
  streams: [],
};

const HOST: HostFigures = {
  at: '2026-11-28T10:00:00.000Z',
  hostname: 'nas',
  uptimeSeconds: 1,
  cpu: { cores: 1, percent: 5 },
  load: [0, 0, 0],
  memory: { totalBytes: 100, usedBytes: 50, percent: 50 },
  disks: [],
  network: [],
};

/** A store that keeps what it is given in arrays, for looking at afterwards. */
function memoryStore() {
  const rounds: { checks: HealthCheck[]; changes: HealthChange[]; at: Date }[] = [];
  const prunes: Date[] = [];
  const store: HealthStore = {
    current: async () => [],
    record: async (checks, changes, at) => void rounds.push({ checks, changes, at }),
    history: async () => [],
    prune: async (before) => {
      prunes.push(before);
      return 0;
    },
  };
  return { store, rounds, prunes };
}

function setup(services: () => Promise<ServiceHealth[]>) {
  let clock = Date.parse('2026-11-28T10:00:00.000Z');
  const sources: HealthSources = { services, host: async () => HOST, nats: async () => NATS };
  const { store, rounds, prunes } = memoryStore();
  const monitor = createHealthMonitor({
    serviceNames: ['streambot', 'discord'],
    sources,
    store,
    historyDays: 14,
    now: () => new Date(clock),
  });
  return { monitor, rounds, prunes, advance: (ms: number) => (clock += ms) };
}

const streambot = (startedAt: string): ServiceHealth => ({
  name: 'streambot',
  instances: [{ id: 'i1', version: '1.0.0', startedAt, pingMs: 2, endpoints: [] }],
});

describe('the health monitor', () => {
  it('checks every service, the host and NATS in one round and notes what changed', async () => {
    const { monitor, rounds } = setup(async () => [streambot('2026-11-28T09:00:00.000Z')]);
    const changes = await monitor.probe();
    expect(rounds[0]?.checks.map((c) => [c.target, c.status])).toEqual([
      ['service:streambot', 'healthy'],
      ['service:discord', 'unhealthy'],
      ['host', 'healthy'],
      ['nats', 'healthy'],
    ]);
    expect(changes.map((c) => `${c.target}:${c.from}>${c.to}`)).toEqual([
      'service:streambot:unknown>healthy',
      'service:discord:unknown>unhealthy',
      'host:unknown>healthy',
      'nats:unknown>healthy',
    ]);
    expect(await monitor.probe()).toEqual([]);
  });

  it('shows each instance with its uptime and the worst status overall', async () => {
    const { monitor } = setup(async () => [streambot('2026-11-28T09:00:00.000Z')]);
    await monitor.probe();
    const summary = await monitor.summary();
    expect(summary.status).toBe('unhealthy');
    expect(summary.services[0]?.instances[0]).toMatchObject({
      version: '1.0.0',
      uptimeSeconds: 3600,
    });
    expect(summary.services[1]).toEqual({ name: 'discord', instances: [] });
    expect(summary.host).toBe(HOST);
  });

  it('marks targets unknown when their source fails, and keeps the others', async () => {
    const { monitor, rounds } = setup(async () => {
      throw new Error('no responders');
    });
    await monitor.probe();
    expect(rounds[0]?.checks.find((c) => c.target === 'service:discord')).toMatchObject({
      status: 'unknown',
      details: 'could not be checked: no responders',
    });
    expect(rounds[0]?.checks.find((c) => c.target === 'nats')?.status).toBe('healthy');
  });

  it('prunes old history after the first round and then at most once an hour', async () => {
    const { monitor, prunes, advance } = setup(async () => []);
    await monitor.probe();
    expect(prunes).toEqual([new Date(Date.parse('2026-11-28T10:00:00.000Z') - 14 * 24 * HOUR_MS)]);
    advance(30 * 60_000);
    await monitor.probe();
    expect(prunes).toHaveLength(1);
    advance(30 * 60_000);
    await monitor.probe();
    expect(prunes).toHaveLength(2);
  });
});
