// DISCORD_TOKEN and where the bot reaches Discord.
import { expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

const base = { NATS_PASSWORD: 's' };

it('leaves the bot off without DISCORD_TOKEN (or with an empty one), on discord.com by default', () => {
  expect(loadConfig(base).bot).toEqual({ token: undefined, apiUrl: 'https://discord.com/api' });
  expect(loadConfig({ ...base, DISCORD_TOKEN: '  ' }).bot.token).toBeUndefined();
});

it('takes the token as the portal shows it (a "Bot " prefix is dropped) and DISCORD_API_URL', () => {
  const config = loadConfig({
    ...base,
    DISCORD_TOKEN: 'Bot MTE.abc-def_1',
    DISCORD_API_URL: 'http://127.0.0.1:9999/api/',
  });
  expect(config.bot).toEqual({ token: 'MTE.abc-def_1', apiUrl: 'http://127.0.0.1:9999/api' });
});

it('refuses a token with spaces or other characters a bot token never has', () => {
  expect(() => loadConfig({ ...base, DISCORD_TOKEN: 'two words' })).toThrow(/DISCORD_TOKEN/);
});
