import { describe, expect, it } from 'vitest';
import { mentionsBot } from './mention.ts';

describe('mentionsBot', () => {
  it.each([
    '@snackbot hi!',
    'hey @SnackBot, what is up?',
    'SNACKBOT are you there?',
    'what do you think, snackbot?',
    'snackbot',
    '(snackbot) thoughts?',
    "snackbot's favourite fact",
    'hello @snackbot!!!',
    'ok—snackbot…',
  ])('hears a mention in %j', (text) => {
    expect(mentionsBot(text, 'snackbot')).toBe(true);
  });

  it.each([
    'snackbots are great',
    'i love my snackbot_fan club',
    'robosnackbot says hi',
    'snack bot',
    '@snackbot2 hi',
    'nothing to see here',
    '',
  ])('hears none in %j', (text) => {
    expect(mentionsBot(text, 'snackbot')).toBe(false);
  });

  it('takes the login in any case, with or without @', () => {
    expect(mentionsBot('hi snack_bot', '@Snack_Bot')).toBe(true);
    expect(mentionsBot('hi snack', 'snack_bot')).toBe(false);
  });

  it('never matches an empty login', () => {
    expect(mentionsBot('hello @', '')).toBe(false);
  });
});
