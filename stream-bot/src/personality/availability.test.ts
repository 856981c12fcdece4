import { expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { personalityAvailability } from './availability.ts';

const availability = (env: Record<string, string>) => {
  const config = loadConfig({ NATS_PASSWORD: 'x', ...env });
  return personalityAvailability(config.openai, config.chat);
};

it('is off without a key or a server, and says what to set', () => {
  const off = availability({});
  expect(off.available).toBe(false);
  expect(off.hint).toMatch(/OPENAI_API_KEY/);
  expect(off.hint).toMatch(/OPENAI_BASE_URL/);
});

it('is on with a key or a server, naming the model and the moderation', () => {
  expect(availability({ OPENAI_API_KEY: 'sk-1' })).toEqual({
    available: true,
    hint: expect.stringMatching(/model chosen in its settings.*moderation endpoint/) as string,
  });
  const local = availability({
    OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
    CHAT_MODEL: 'llama3.2',
    CHAT_MODERATION: 'off',
  });
  expect(local.available).toBe(true);
  expect(local.hint).toMatch(/llama3\.2 \(CHAT_MODEL\)/);
  expect(local.hint).toMatch(/moderation is off/);
});
