// What is discord-bot's own in its configuration: its defaults. How the common
// variables are parsed and reported is tested once, in @homelab/nats/runtime.
import path from 'node:path';
import { expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { ConfigError, loadConfig } from './config.ts';

it('fills its own defaults when only the NATS password is given', () => {
  const config = loadConfig({ NATS_PASSWORD: 's3cret' });
  expect(config.service).toBe('discord-bot');
  expect(config.version).toBe(pkg.version);
  expect(config.http).toEqual({ port: 5100, host: '127.0.0.1' });
  expect(config.database.url).toBeUndefined();
  expect(config.database.dataDir).toBe(path.resolve(import.meta.dirname, '..', '.data'));
  expect(config.database.migrationsDir).toBe(
    path.resolve(import.meta.dirname, '..', 'prisma', 'migrations'),
  );
  expect(config.nats).toEqual({
    servers: ['nats://127.0.0.1:4222'],
    user: 'discord',
    password: 's3cret',
  });
});

it('refuses to load without the NATS password, naming its variable', () => {
  expect(() => loadConfig({})).toThrow(ConfigError);
  expect(() => loadConfig({})).toThrow(/DISCORD_NATS_PASSWORD/);
});

it('checks the ticket auto-close interval, 300 s by default', () => {
  expect(loadConfig({ NATS_PASSWORD: 's' }).tickets).toEqual({ sweepSeconds: 300 });
  expect(loadConfig({ NATS_PASSWORD: 's', TICKET_SWEEP_SECONDS: '60' }).tickets.sweepSeconds).toBe(
    60,
  );
  for (const bad of ['0', '1.5', 'often', '100000']) {
    expect(() => loadConfig({ NATS_PASSWORD: 's', TICKET_SWEEP_SECONDS: bad })).toThrow(
      /TICKET_SWEEP_SECONDS/,
    );
  }
});
