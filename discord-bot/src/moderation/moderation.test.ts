// Unit tests of the moderation rules that need no database: durations, log lines,
// the query string of GET /api/moderation, and checks on a new action.
import { describe, expect, it } from 'vitest';
import { answerMatches } from '../verification/verification.ts';
import { formatDuration, moderationLine, parseDuration } from './log-channel.ts';
import { checkNewAction, decodeCursor, encodeCursor, toModerationQuery } from './moderation.ts';

const G = '1098765432109876543';
const MOD = { userId: '298765432109876543', username: 'mod_maria' };
const PETE = { userId: '312456789012345678', username: 'pixel_pete' };

describe('durations', () => {
  it('reads 10m, 1h30m, 2d, 1w and plain seconds', () => {
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration(' 2d ')).toBe(172800);
    expect(parseDuration('1w')).toBe(604800);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('1h 5s')).toBe(3605);
  });

  it('refuses what it cannot read', () => {
    for (const bad of ['', 'forever', '10x', 'm10', '1h-5m']) expect(parseDuration(bad)).toBeNull();
  });

  it('writes them back short', () => {
    expect(formatDuration(600)).toBe('10m');
    expect(formatDuration(90061)).toBe('1d 1h 1m 1s');
  });
});

describe('log lines', () => {
  it('names moderator, target, duration and reason', () => {
    const line = moderationLine({
      id: 'x',
      createdAt: new Date(),
      guildId: G,
      action: 'timeout',
      moderator: MOD,
      target: PETE,
      reason: 'Spam',
      durationSeconds: 600,
    });
    expect(line).toBe(
      `⏱️ **mod_maria** timed out **pixel_pete** (<@${PETE.userId}>) for 10m: Spam`,
    );
  });
});

describe('verification answers', () => {
  it('ignore case and extra spaces', () => {
    expect(answerMatches('  home   LAB ', 'Home lab')).toBe(true);
    expect(answerMatches('homelab', 'home lab')).toBe(false);
  });
});

describe('GET /api/moderation query', () => {
  it('defaults to 25 newest of every guild', () => {
    expect(toModerationQuery({})).toEqual({
      guildIds: undefined,
      action: undefined,
      targetId: undefined,
      moderatorId: undefined,
      since: undefined,
      limit: 25,
      after: undefined,
    });
  });

  it('narrows to the guilds the caller manages', () => {
    expect(toModerationQuery({}, [G]).guildIds).toEqual([G]);
    expect(toModerationQuery({ guild: '1098765432109876599' }, [G]).guildIds).toEqual([]);
    expect(toModerationQuery({ guild: G }, null).guildIds).toEqual([G]);
  });

  it('round-trips its cursor and refuses a forged one', () => {
    const at = {
      createdAt: new Date('2026-11-28T09:00:00.000Z'),
      id: '2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e2f',
    };
    expect(decodeCursor(encodeCursor(at))).toEqual(at);
    expect(() => decodeCursor(Buffer.from('2026-11-28|nope').toString('base64url'))).toThrow(
      /cursor is not one this service gave out/,
    );
  });
});

describe('a new action', () => {
  const base = {
    guildId: G,
    action: 'warn' as const,
    moderator: MOD,
    target: PETE,
    reason: '  ',
    durationSeconds: null,
  };

  it('trims an empty reason to none', () => {
    expect(checkNewAction(base).reason).toBeNull();
  });

  it('needs a duration for a timeout, within 28 days, and none otherwise', () => {
    expect(() => checkNewAction({ ...base, action: 'timeout' })).toThrow(/needs a duration/);
    expect(() =>
      checkNewAction({ ...base, action: 'timeout', durationSeconds: 28 * 86400 + 1 }),
    ).toThrow(/needs a duration/);
    expect(
      checkNewAction({ ...base, action: 'timeout', durationSeconds: 60 }).durationSeconds,
    ).toBe(60);
    expect(() => checkNewAction({ ...base, action: 'kick', durationSeconds: 60 })).toThrow(
      /only a timeout has a duration/,
    );
  });

  it('refuses ids that are not Discord ids', () => {
    expect(() => checkNewAction({ ...base, guildId: 'abc' })).toThrow(/guildId/);
    expect(() => checkNewAction({ ...base, target: { userId: '1', username: 'x' } })).toThrow(
      /target/,
    );
  });
});
