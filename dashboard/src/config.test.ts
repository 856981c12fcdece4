import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
  it('fills every default when only the NATS password is given', () => {
    const config = loadConfig({ NATS_PASSWORD: 's3cret' });
    expect(config.http).toEqual({ port: 5200, host: '127.0.0.1' });
    expect(config.database.url).toBeUndefined();
    expect(config.database.schema).toBe('public');
    expect(config.database.dataDir).toBe(path.resolve(import.meta.dirname, '..', '.data'));
    expect(config.database.migrationsDir).toBe(
      path.resolve(import.meta.dirname, '..', 'prisma', 'migrations'),
    );
    expect(config.nats).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      user: 'dashboard',
      password: 's3cret',
    });
    expect(config.logLevel).toBe('info');
    expect(config.healthProbeIntervalMs).toBe(30_000);
    expect(config.eventFeedSize).toBe(200);
    expect(config.queryTimeoutMs).toBe(2_000);
    expect(config.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reads every variable it knows', () => {
    const config = loadConfig({
      PORT: '6123',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://bot:pw@db:5432/bot',
      DATABASE_SCHEMA: 'bot_schema',
      DATA_DIR: '/var/lib/bot',
      NATS_URL: 'nats://a:4222, nats://b:4222',
      NATS_USER: 'someone',
      NATS_PASSWORD: 'pw',
      LOG_LEVEL: 'debug',
      SERVICE_VERSION: '9.9.9-test',
      HEALTH_PROBE_INTERVAL_MS: '5000',
      EVENT_FEED_SIZE: '50',
      QUERY_TIMEOUT_MS: '750',
    });
    expect(config).toMatchObject({
      healthProbeIntervalMs: 5000,
      eventFeedSize: 50,
      queryTimeoutMs: 750,
    });
    expect(config.http).toEqual({ port: 6123, host: '0.0.0.0' });
    expect(config.database).toMatchObject({
      url: 'postgresql://bot:pw@db:5432/bot',
      schema: 'bot_schema',
      dataDir: '/var/lib/bot',
    });
    expect(config.nats).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222'],
      user: 'someone',
      password: 'pw',
    });
    expect(config.logLevel).toBe('debug');
    expect(config.version).toBe('9.9.9-test');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ NATS_PASSWORD: 'x', PORT: '', DATABASE_URL: '' }).http.port).toBe(5200);
  });

  it('lists every bad or missing variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/bot',
      DATABASE_SCHEMA: 'drop table;',
      NATS_URL: 'http://nats:4222',
      LOG_LEVEL: 'loud',
      HEALTH_PROBE_INTERVAL_MS: '10',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'DATABASE_SCHEMA',
        'DATABASE_URL',
        'HEALTH_PROBE_INTERVAL_MS',
        'LOG_LEVEL',
        'NATS_PASSWORD',
        'NATS_URL',
        'PORT',
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith('PORT'))).toMatch(/port number/);
    expect(problems.find((p) => p.startsWith('NATS_PASSWORD'))).toMatch(/required/);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toMatch(/debug/);
  });

  it('rejects a port outside 0-65535', () => {
    expect(problemsOf({ NATS_PASSWORD: 'x', PORT: '70000' })).toEqual([
      expect.stringMatching(/^PORT: .*1-65535/),
    ]);
  });
});
