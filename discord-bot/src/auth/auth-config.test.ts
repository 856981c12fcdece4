// discord-bot's web-login variables: defaults, what Discord login still needs,
// and the errors that name the variable and what it expects.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { discordLoginMissing } from './auth-config.ts';

const base = { NATS_PASSWORD: 's3cret' };
const KEY = 'ab'.repeat(32);
const CLIENT = '1234567890123456789';

describe('web login configuration', () => {
  it('defaults: PUBLIC_URL on the port, the callback under it, a week, discord.com', () => {
    const config = loadConfig({ ...base, PORT: '5111' });
    expect(config.web).toEqual({
      username: 'admin',
      password: undefined,
      publicUrl: 'http://localhost:5111',
      sessionTtlHours: 168,
    });
    expect(config.oauth).toEqual({
      clientId: undefined,
      clientSecret: undefined,
      redirectUri: 'http://localhost:5111/auth/discord/callback',
      tokenKey: undefined,
      oauthUrl: 'https://discord.com/oauth2',
      apiUrl: 'https://discord.com/api',
      guildsRecheckMs: 600_000,
    });
    expect(discordLoginMissing(config.oauth)).toEqual([
      'DISCORD_CLIENT_ID',
      'DISCORD_CLIENT_SECRET',
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('takes Discord login, PUBLIC_URL (trailing slash dropped) and the local admin', () => {
    const config = loadConfig({
      ...base,
      PUBLIC_URL: 'https://bot.example.org/',
      WEB_USERNAME: 'boss',
      WEB_PASSWORD: 'long-enough',
      DISCORD_CLIENT_ID: CLIENT,
      DISCORD_CLIENT_SECRET: 'shh',
      TOKEN_ENCRYPTION_KEY: KEY,
      DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
    });
    expect(config.web.publicUrl).toBe('https://bot.example.org');
    expect(config.web.password).toBe('long-enough');
    expect(config.oauth.redirectUri).toBe('https://bot.example.org/auth/discord/callback');
    expect(config.oauth.apiUrl).toBe('http://127.0.0.1:9999/api');
    expect(config.oauth.tokenKey).toEqual(Buffer.from(KEY, 'hex'));
    expect(discordLoginMissing(config.oauth)).toEqual([]);
  });

  it('needs TOKEN_ENCRYPTION_KEY with DISCORD_CLIENT_ID', () => {
    const load = () => loadConfig({ ...base, DISCORD_CLIENT_ID: CLIENT });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TOKEN_ENCRYPTION_KEY: required when DISCORD_CLIENT_ID is set/);
  });

  it('names each bad variable and what it expects', () => {
    const load = () =>
      loadConfig({
        ...base,
        DISCORD_CLIENT_ID: 'my-app',
        TOKEN_ENCRYPTION_KEY: 'short',
        WEB_PASSWORD: 'short',
        SESSION_TTL_HOURS: '0',
        PUBLIC_URL: 'bot.example.org',
      });
    expect(load).toThrow(/DISCORD_CLIENT_ID.*snowflake/);
    expect(load).toThrow(/TOKEN_ENCRYPTION_KEY.*32 bytes/);
    expect(load).toThrow(/WEB_PASSWORD.*at least 8 characters/);
    expect(load).toThrow(/SESSION_TTL_HOURS/);
    expect(load).toThrow(/PUBLIC_URL.*http\(s\) URL/);
  });
});
