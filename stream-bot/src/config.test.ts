// What is stream-bot's own in its configuration: its defaults. How the common
// variables are parsed and reported is tested once, in @homelab/nats/runtime.
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '@homelab/nats/runtime';
import { expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { ConfigError, loadConfig, twitchMissing } from './config.ts';

it('fills its own defaults when only the NATS password is given', () => {
  const config = loadConfig({ NATS_PASSWORD: 's3cret' });
  expect(config.service).toBe('stream-bot');
  expect(config.version).toBe(pkg.version);
  expect(config.http).toEqual({ port: 5000, host: '127.0.0.1' });
  expect(config.database.url).toBeUndefined();
  expect(config.database.dataDir).toBe(path.resolve(import.meta.dirname, '..', '.data'));
  expect(config.database.migrationsDir).toBe(
    path.resolve(import.meta.dirname, '..', 'prisma', 'migrations'),
  );
  expect(config.nats).toEqual({
    servers: ['nats://127.0.0.1:4222'],
    user: 'streambot',
    password: 's3cret',
  });
});

it('refuses to load without the NATS password, naming its variable', () => {
  expect(() => loadConfig({})).toThrow(ConfigError);
  expect(() => loadConfig({})).toThrow(/STREAMBOT_NATS_PASSWORD/);
});

it('leaves AI off by default and asks for gpt-4o when it is on', () => {
  expect(loadConfig({ NATS_PASSWORD: 'x' }).openai).toEqual({
    apiKey: undefined,
    baseUrl: undefined,
    factsModel: 'gpt-4o',
    factsTimeoutMs: 30_000,
  });
  const local = loadConfig({
    NATS_PASSWORD: 'x',
    OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
    FACTS_MODEL: 'llama3.2',
    FACTS_TIMEOUT_MS: '60000',
  });
  expect(local.openai).toEqual({
    apiKey: undefined,
    baseUrl: 'http://127.0.0.1:11434/v1',
    factsModel: 'llama3.2',
    factsTimeoutMs: 60_000,
  });
});

it('names FACTS_TIMEOUT_MS when it is not a sensible duration', () => {
  expect(() => loadConfig({ NATS_PASSWORD: 'x', FACTS_TIMEOUT_MS: '5' })).toThrow(
    /FACTS_TIMEOUT_MS/,
  );
});

it('keeps 5 facts ready for !fact unless FACT_POOL_SIZE says otherwise', () => {
  expect(loadConfig({ NATS_PASSWORD: 'x' }).commands).toEqual({ factPoolSize: 5 });
  expect(loadConfig({ NATS_PASSWORD: 'x', FACT_POOL_SIZE: '0' }).commands.factPoolSize).toBe(0);
  expect(() => loadConfig({ NATS_PASSWORD: 'x', FACT_POOL_SIZE: '500' })).toThrow(/FACT_POOL_SIZE/);
});

it('names OPENAI_BASE_URL when it is not an http URL', () => {
  expect(() => loadConfig({ NATS_PASSWORD: 'x', OPENAI_BASE_URL: 'ollama' })).toThrow(
    /OPENAI_BASE_URL/,
  );
});

it('keeps the OpenAI key out of log lines', () => {
  const lines: string[] = [];
  const log = createLogger(
    { level: 'info', service: 'stream-bot', version: 't' },
    new Writable({ write: (chunk: Buffer, _e, done) => done(void lines.push(chunk.toString())) }),
  );
  const config = loadConfig({ NATS_PASSWORD: 'x', OPENAI_API_KEY: 'sk-very-secret' });
  log.info({ openai: config.openai }, 'configured');
  expect(lines.join('')).toContain('[redacted]');
  expect(lines.join('')).not.toContain('sk-very-secret');
});

it('answers mentions with each owner’s model, moderated, within 15 s by default', () => {
  expect(loadConfig({ NATS_PASSWORD: 'x' }).chat).toEqual({
    modelOverride: undefined,
    moderation: true,
    timeoutMs: 15_000,
  });
  const local = loadConfig({
    NATS_PASSWORD: 'x',
    CHAT_MODEL: 'llama3.2',
    CHAT_MODERATION: 'off',
    CHAT_TIMEOUT_MS: '30000',
  });
  expect(local.chat).toEqual({ modelOverride: 'llama3.2', moderation: false, timeoutMs: 30_000 });
});

it('names CHAT_MODERATION and CHAT_TIMEOUT_MS when they are not sensible', () => {
  expect(() => loadConfig({ NATS_PASSWORD: 'x', CHAT_MODERATION: 'maybe' })).toThrow(
    /CHAT_MODERATION/,
  );
  expect(() => loadConfig({ NATS_PASSWORD: 'x', CHAT_TIMEOUT_MS: '10' })).toThrow(
    /CHAT_TIMEOUT_MS/,
  );
});

it('keeps chat 30 days and splits sessions after 30 quiet minutes unless told otherwise', () => {
  expect(loadConfig({ NATS_PASSWORD: 'x' }).chatLog).toEqual({
    retentionDays: 30,
    sessionGapMinutes: 30,
  });
  expect(
    loadConfig({ NATS_PASSWORD: 'x', CHAT_RETENTION_DAYS: '7', STREAM_SESSION_GAP_MINUTES: '10' })
      .chatLog,
  ).toEqual({ retentionDays: 7, sessionGapMinutes: 10 });
  expect(() =>
    loadConfig({
      NATS_PASSWORD: 'x',
      CHAT_RETENTION_DAYS: '0',
      STREAM_SESSION_GAP_MINUTES: 'soon',
    }),
  ).toThrow(/CHAT_RETENTION_DAYS[\s\S]*STREAM_SESSION_GAP_MINUTES/);
});

it('has local login off, sessions of a week and Twitch unconfigured by default', () => {
  const config = loadConfig({ NATS_PASSWORD: 'x', PORT: '5100' });
  expect(config.web).toEqual({
    username: 'admin',
    password: undefined,
    publicUrl: 'http://localhost:5100',
    sessionTtlHours: 168,
  });
  expect(config.twitch).toMatchObject({
    clientId: undefined,
    clientSecret: undefined,
    redirectUri: 'http://localhost:5100/auth/twitch/callback',
    tokenKey: undefined,
    authUrl: 'https://id.twitch.tv/oauth2',
    apiUrl: 'https://api.twitch.tv/helix',
    chatUrl: 'wss://irc-ws.chat.twitch.tv:443',
  });
  expect(twitchMissing(config.twitch)).toEqual([
    'TWITCH_CLIENT_ID',
    'TWITCH_CLIENT_SECRET',
    'TOKEN_ENCRYPTION_KEY',
  ]);
});

it('reads the login and Twitch variables, deriving the redirect URI from PUBLIC_URL', () => {
  const key = 'ab'.repeat(32);
  const config = loadConfig({
    NATS_PASSWORD: 'x',
    WEB_USERNAME: 'owner',
    WEB_PASSWORD: 'long enough',
    PUBLIC_URL: 'https://bot.example.org/',
    SESSION_TTL_HOURS: '12',
    TWITCH_CLIENT_ID: 'cid',
    TWITCH_CLIENT_SECRET: 'csecret',
    TOKEN_ENCRYPTION_KEY: key,
    TWITCH_AUTH_URL: 'http://127.0.0.1:9/auth/',
  });
  expect(config.web).toEqual({
    username: 'owner',
    password: 'long enough',
    publicUrl: 'https://bot.example.org',
    sessionTtlHours: 12,
  });
  expect(config.twitch).toMatchObject({
    clientId: 'cid',
    clientSecret: 'csecret',
    redirectUri: 'https://bot.example.org/auth/twitch/callback',
    tokenKey: Buffer.from(key, 'hex'),
    authUrl: 'http://127.0.0.1:9/auth',
  });
  expect(twitchMissing(config.twitch)).toEqual([]);
});

it('wants TOKEN_ENCRYPTION_KEY with TWITCH_CLIENT_ID, and a real one', () => {
  expect(() => loadConfig({ NATS_PASSWORD: 'x', TWITCH_CLIENT_ID: 'cid' })).toThrow(
    /TOKEN_ENCRYPTION_KEY: required when TWITCH_CLIENT_ID is set/,
  );
  expect(() => loadConfig({ NATS_PASSWORD: 'x', TOKEN_ENCRYPTION_KEY: 'abc' })).toThrow(
    /TOKEN_ENCRYPTION_KEY: .*openssl rand -hex 32/,
  );
});

it('names WEB_PASSWORD, WEB_USERNAME, PUBLIC_URL and SESSION_TTL_HOURS when they are bad', () => {
  let problems: string[] = [];
  try {
    loadConfig({
      NATS_PASSWORD: 'x',
      WEB_PASSWORD: 'short',
      WEB_USERNAME: 'has space',
      PUBLIC_URL: 'bot.example.org',
      SESSION_TTL_HOURS: '0',
    });
  } catch (err) {
    problems = (err as ConfigError).problems;
  }
  expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
    'PUBLIC_URL',
    'SESSION_TTL_HOURS',
    'WEB_PASSWORD',
    'WEB_USERNAME',
  ]);
});

it('chats at Twitch with ordinary limits by default, and reads the chat variables', () => {
  const plain = loadConfig({ NATS_PASSWORD: 'x' });
  expect(plain.twitch).toMatchObject({ botLevel: 'none', mockApiPort: undefined });
  const local = loadConfig({
    NATS_PASSWORD: 'x',
    TWITCH_CHAT_URL: 'ws://127.0.0.1:4567',
    TWITCH_BOT_LEVEL: 'verified',
    TWURPLE_MOCK_API_PORT: '4567',
  });
  expect(local.twitch).toMatchObject({
    chatUrl: 'ws://127.0.0.1:4567',
    botLevel: 'verified',
    mockApiPort: 4567,
  });
});

it('names TWITCH_CHAT_URL, TWITCH_BOT_LEVEL and TWURPLE_MOCK_API_PORT when they are bad', () => {
  let problems: string[] = [];
  try {
    loadConfig({
      NATS_PASSWORD: 'x',
      TWITCH_CHAT_URL: 'http://irc.example.org',
      TWITCH_BOT_LEVEL: 'famous',
      TWURPLE_MOCK_API_PORT: 'port',
    });
  } catch (err) {
    problems = (err as ConfigError).problems;
  }
  expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
    'TWITCH_BOT_LEVEL',
    'TWITCH_CHAT_URL',
    'TWURPLE_MOCK_API_PORT',
  ]);
  expect(problems.join('\n')).toMatch(/expected none, known or verified/);
});
