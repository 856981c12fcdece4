// What is the dashboard's own in its configuration: its defaults and its own
// variables. How the common variables are parsed and reported is tested once,
// in @homelab/nats/runtime.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { ConfigError, loadConfig } from './config.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected loadConfig to reject this environment');
}

describe('loadConfig', () => {
  it('fills its own defaults when only the two passwords are given', () => {
    const config = loadConfig({ NATS_PASSWORD: 's3cret', WEB_PASSWORD: 'dash-pass-1' });
    expect(config.service).toBe('dashboard');
    expect(config.version).toBe(pkg.version);
    expect(config.http).toEqual({ port: 5200, host: '127.0.0.1' });
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe(path.resolve(import.meta.dirname, '..', '.data'));
    expect(config.database.migrationsDir).toBe(
      path.resolve(import.meta.dirname, '..', 'prisma', 'migrations'),
    );
    expect(config.nats).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      user: 'dashboard',
      password: 's3cret',
    });
    expect(config.healthProbeIntervalMs).toBe(30_000);
    expect(config.eventFeedSize).toBe(200);
    expect(config.queryTimeoutMs).toBe(2_000);
    expect(config.web).toEqual({
      username: 'admin',
      password: 'dash-pass-1',
      publicUrl: 'http://localhost:5200',
      sessionTtlHours: 168,
    });
    expect(config.docker).toEqual({
      socket: '/var/run/docker.sock',
      hosts: undefined,
      stackContainers: ['stream-bot', 'dashboard', 'discord-bot', 'nats', 'postgres'],
    });
    expect(config.host.diskPaths).toEqual(['/']);
    expect(config.healthHistoryDays).toBe(14);
  });

  it('reads its own variables beside the common ones', () => {
    const config = loadConfig({
      PORT: '6123',
      NATS_PASSWORD: 'pw',
      HEALTH_PROBE_INTERVAL_MS: '5000',
      EVENT_FEED_SIZE: '50',
      QUERY_TIMEOUT_MS: '750',
      WEB_USERNAME: 'ops',
      WEB_PASSWORD: 'long-enough',
      PUBLIC_URL: 'https://host.example.org',
      DOCKER_HOSTS: 'local=/run/docker.sock,nas=tcp://10.0.0.5:2375',
      STACK_CONTAINERS: ' stream-bot , nats ,',
      HOST_DISK_PATHS: '/,/srv/media',
    });
    expect(config).toMatchObject({
      http: { port: 6123 },
      healthProbeIntervalMs: 5000,
      eventFeedSize: 50,
      queryTimeoutMs: 750,
      web: { username: 'ops', publicUrl: 'https://host.example.org' },
      docker: {
        hosts: 'local=/run/docker.sock,nas=tcp://10.0.0.5:2375',
        stackContainers: ['stream-bot', 'nats'],
      },
      host: { diskPaths: ['/', '/srv/media'] },
    });
  });

  it('lists its own bad variables together with the common ones', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      HEALTH_PROBE_INTERVAL_MS: '10',
      EVENT_FEED_SIZE: '0',
      QUERY_TIMEOUT_MS: 'soon',
      WEB_PASSWORD: 'short',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'EVENT_FEED_SIZE',
        'HEALTH_PROBE_INTERVAL_MS',
        'NATS_PASSWORD',
        'PORT',
        'QUERY_TIMEOUT_MS',
        'WEB_PASSWORD',
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith('NATS_PASSWORD'))).toMatch(/DASHBOARD_NATS_PASSWORD/);
  });

  it('refuses to start without a web password', () => {
    expect(problemsOf({ NATS_PASSWORD: 'pw' }).find((p) => p.startsWith('WEB_PASSWORD'))).toMatch(
      /required/,
    );
  });
});
