import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commonConfig, commonEnv, ConfigError, parseEnv } from './config.ts';

// A service the way each real one builds its config: the common fragment,
// plus one field of its own.
const settings = {
  port: 5900,
  natsUser: 'streambot',
  serviceDir: '/srv/example',
  version: '1.4.0',
};
const schema = z.object({
  ...commonEnv(settings),
  BATCH_SIZE: z.coerce.number({ error: 'expected a batch size' }).int().min(1).default(10),
});

function loadConfig(env: Record<string, string | undefined>) {
  const e = parseEnv(schema, env);
  return { ...commonConfig('example', e, settings), batchSize: e.BATCH_SIZE };
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected loadConfig to reject this environment');
}

describe('the common configuration', () => {
  it('fills every default when only the NATS password is given', () => {
    const config = loadConfig({ NATS_PASSWORD: 's3cret' });
    expect(config).toEqual({
      service: 'example',
      version: '1.4.0',
      http: { port: 5900, host: '127.0.0.1' },
      database: {
        url: undefined,
        schema: 'public',
        dataDir: path.join('/srv/example', '.data'),
        migrationsDir: path.join('/srv/example', 'prisma', 'migrations'),
      },
      nats: { servers: ['nats://127.0.0.1:4222'], user: 'streambot', password: 's3cret' },
      logLevel: 'info',
      batchSize: 10,
    });
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
      BATCH_SIZE: '3',
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
    expect(config.batchSize).toBe(3);
  });

  it('resolves a relative data folder against the working directory', () => {
    expect(loadConfig({ NATS_PASSWORD: 'x', DATA_DIR: 'data' }).database.dataDir).toBe(
      path.resolve('data'),
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ NATS_PASSWORD: 'x', PORT: '', DATABASE_URL: '' }).http.port).toBe(5900);
  });

  it("lists every bad or missing variable at once, the service's own among them", () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/bot',
      DATABASE_SCHEMA: 'drop table;',
      NATS_URL: 'http://nats:4222',
      LOG_LEVEL: 'loud',
      BATCH_SIZE: 'many',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(
      [
        'BATCH_SIZE',
        'DATABASE_SCHEMA',
        'DATABASE_URL',
        'LOG_LEVEL',
        'NATS_PASSWORD',
        'NATS_URL',
        'PORT',
      ].sort(),
    );
    expect(problems.find((p) => p.startsWith('PORT'))).toMatch(/port number/);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL'))).toMatch(/debug/);
  });

  it("names the nats-server variable that holds the service user's password", () => {
    expect(problemsOf({})).toEqual([
      expect.stringMatching(/^NATS_PASSWORD: required: .*STREAMBOT_NATS_PASSWORD/),
    ]);
  });

  it('rejects a port outside 0-65535', () => {
    expect(problemsOf({ NATS_PASSWORD: 'x', PORT: '70000' })).toEqual([
      expect.stringMatching(/^PORT: .*1-65535/),
    ]);
  });

  it('puts every problem on its own line of the error message', () => {
    const err = new ConfigError(['PORT: bad', 'LOG_LEVEL: worse']);
    expect(err.message).toBe('invalid configuration:\n  - PORT: bad\n  - LOG_LEVEL: worse');
    expect(err.name).toBe('ConfigError');
  });
});
