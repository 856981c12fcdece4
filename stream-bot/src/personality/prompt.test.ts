import { expect, it } from 'vitest';
import { buildSystemPrompt, buildUserMessage, maxTokensFor } from './prompt.ts';

it('builds the system prompt from the persona, the bot, the channel and the rules', () => {
  const prompt = buildSystemPrompt({
    persona: '  A grumpy robot who secretly loves cats.  ',
    botLogin: 'snackbot',
    channel: 'crumb_tv',
    viewer: 'Ada',
    maxLength: 200,
  });
  expect(prompt).toContain('You are snackbot, the chat bot of the Twitch channel #crumb_tv.');
  expect(prompt).toContain('Your persona: A grumpy robot who secretly loves cats.\n');
  expect(prompt).toContain('at most 200 characters');
  expect(prompt).toMatch(/No links/);
  expect(prompt).toMatch(/@everyone/);
  expect(prompt).toMatch(/Stay in character/);
  expect(prompt).toMatch(/refuse anything harmful/);
});

it('says who wrote the viewer line', () => {
  expect(buildUserMessage('Ada', 'hi bot')).toBe('Ada: hi bot');
});

it('asks for enough tokens for the length limit and never many', () => {
  expect(maxTokensFor(20)).toBeGreaterThanOrEqual(7);
  expect(maxTokensFor(300)).toBe(116);
  expect(maxTokensFor(500)).toBeLessThanOrEqual(250);
});
