import { describe, expect, it } from 'vitest';
import {
  channelParam,
  platformParam,
  dayRange,
  decodeMessageCursor,
  encodeMessageCursor,
  onlyParams,
  wholeNumber,
} from './analytics-input.ts';
import { commandName } from './command-name.ts';

const now = new Date('2026-11-28T12:00:00.000Z');

describe('dayRange', () => {
  it('defaults to the 30 days up to today', () => {
    expect(dayRange({}, now)).toEqual({ from: '2026-10-30', to: '2026-11-28' });
  });

  it('accepts exactly 366 days and refuses 367', () => {
    expect(dayRange({ from: '2025-11-28', to: '2026-11-28' }, now)).toEqual({
      from: '2025-11-28',
      to: '2026-11-28',
    });
    expect(() => dayRange({ from: '2025-11-27', to: '2026-11-28' }, now)).toThrow(
      /is 367 days; ask for at most 366/,
    );
  });

  it('refuses dates that are not real, and a range that runs backwards', () => {
    expect(() => dayRange({ from: '2026-02-30' }, now)).toThrow(
      /from must be a date written YYYY-MM-DD/,
    );
    expect(() => dayRange({ to: 'today' }, now)).toThrow(/to must be a date/);
    expect(() => dayRange({ from: '2026-11-02', to: '2026-11-01' }, now)).toThrow(/is after to/);
  });
});

describe('parameters', () => {
  it('names unknown parameters and the ones it knows', () => {
    expect(() => onlyParams({ days: '7', sort: 'x' }, ['days', 'channel'])).toThrow(
      'unknown query parameter sort; expected days, channel',
    );
  });

  it('takes whole numbers within bounds only', () => {
    expect(wholeNumber('limit', undefined, 1, 100, 20)).toBe(20);
    expect(wholeNumber('limit', '100', 1, 100, 20)).toBe(100);
    for (const bad of ['0', '101', '-1', '1.5', 'ten', '']) {
      expect(() => wholeNumber('limit', bad, 1, 100, 20)).toThrow(
        /limit must be a whole number from 1 to 100/,
      );
    }
  });

  it('reads a channel name with or without # in any case', () => {
    expect(channelParam('#SomeStreamer')).toBe('somestreamer');
    expect(channelParam('')).toBeUndefined();
    expect(() => channelParam('no spaces')).toThrow(/neither a Twitch channel name/);
  });

  it('gives back the cursor it made and refuses others', () => {
    const cursor = { sentAt: now, id: '12345' };
    expect(decodeMessageCursor(encodeMessageCursor(cursor))).toEqual(cursor);
    expect(() => decodeMessageCursor('garbage')).toThrow(/cursor is not one this service gave out/);
    expect(() =>
      decodeMessageCursor(
        Buffer.from(`${now.toISOString()}|99999999999999999999`).toString('base64url'),
      ),
    ).toThrow(/cursor/);
  });
});

describe('commandName', () => {
  it('is the word after the prefix, lower case', () => {
    expect(commandName('!Fact please', '!')).toBe('fact');
    expect(commandName('?uptime', '?')).toBe('uptime');
    expect(commandName('hello !fact', '!')).toBeNull();
    expect(commandName('! fact', '!')).toBeNull();
    expect(commandName('!fact', '?')).toBeNull();
  });
});

describe('platforms', () => {
  it('keeps a YouTube channel id as it is written', () => {
    expect(channelParam('UCabcdefghijklmnopqrstuv')).toBe('UCabcdefghijklmnopqrstuv');
  });

  it('reads platform= and refuses one stream-bot does not chat on', () => {
    expect(platformParam('youtube')).toBe('youtube');
    expect(platformParam('')).toBeUndefined();
    expect(() => platformParam('kick')).toThrow(
      'platform must be one of twitch, youtube, not "kick"',
    );
  });
});
