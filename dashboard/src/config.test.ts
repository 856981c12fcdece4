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
  it('fills its own defaults when only the NATS password is given', () => {
    const config = loadConfig({ NATS_PASSWORD: 's3cret' });
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
  });

  it('reads its own variables beside the common ones', () => {
    const config = loadConfig({
      PORT: '6123',
      NATS_PASSWORD: 'pw',
      HEALTH_PROBE_INTERVAL_MS: '5000',
      EVENT_FEED_SIZE: '50',
      QUERY_TIMEOUT_MS: '750',
    });
    expect(config).toMatchObject({
      http: { port: 6123 },
      healthProbeIntervalMs: 5000,
      eventFeedSize: 50,
      queryTimeoutMs: 750,
    });
  });

  it('lists its own bad variables together with the common ones', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      HEALTH_PROBE_INTERVAL_MS: '10',
      EVENT_FEED_SIZE: '0',
      QUERY_TIMEOUT_MS: 'soon',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'EVENT_FEED_SIZE',
        'HEALTH_PROBE_INTERVAL_MS',
        'NATS_PASSWORD',
        'PORT',
        'QUERY_TIMEOUT_MS',
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith('NATS_PASSWORD'))).toMatch(/DASHBOARD_NATS_PASSWORD/);
  });
});
