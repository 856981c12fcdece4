import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  mergeUsage,
  minuteSeries,
  parseDay,
  rollUp,
  topChatters,
} from './rollup.ts';

const minute = (hhmm: string) => new Date(`2026-11-28T${hhmm}:00.000Z`);

describe('rollUp', () => {
  it('adds up messages, takes the busiest minute and counts commands and chatters', () => {
    const figures = rollUp({
      perMinute: [
        { minute: minute('10:00'), messages: 3 },
        { minute: minute('10:01'), messages: 7 },
        { minute: minute('11:30'), messages: 2 },
      ],
      perChatter: [
        { login: 'ann', messages: 5 },
        { login: 'bob', messages: 5 },
        { login: 'cat', messages: 2 },
      ],
      perCommand: [
        { command: 'fact', runs: 3 },
        { command: 'discord', runs: 1 },
      ],
      newChatters: 2,
    });
    expect(figures).toEqual({
      messages: 12,
      uniqueChatters: 3,
      newChatters: 2,
      commandsRun: 4,
      peakPerMinute: 7,
      commandUsage: { discord: 1, fact: 3 },
      topChatters: [
        { login: 'ann', messages: 5 },
        { login: 'bob', messages: 5 },
        { login: 'cat', messages: 2 },
      ],
    });
  });

  it('gives zeros and empty lists for a day without chat', () => {
    expect(rollUp({ perMinute: [], perChatter: [], perCommand: [], newChatters: 0 })).toEqual({
      messages: 0,
      uniqueChatters: 0,
      newChatters: 0,
      commandsRun: 0,
      peakPerMinute: 0,
      commandUsage: {},
      topChatters: [],
    });
  });
});

describe('topChatters', () => {
  it('keeps the ten busiest, ties in login order', () => {
    const counts = Array.from({ length: 15 }, (_, i) => ({
      login: `user${String(i).padStart(2, '0')}`,
      messages: i % 3,
    }));
    const top = topChatters(counts);
    expect(top).toHaveLength(10);
    expect(top.slice(0, 5).map((c) => c.login)).toEqual([
      'user02',
      'user05',
      'user08',
      'user11',
      'user14',
    ]);
    expect(top.every((c, i) => i === 0 || top[i - 1]!.messages >= c.messages)).toBe(true);
  });
});

describe('mergeUsage', () => {
  it('adds the runs of each command over days and channels', () => {
    expect(mergeUsage([{ fact: 2, uptime: 1 }, { fact: 3 }, {}])).toEqual({ fact: 5, uptime: 1 });
  });
});

describe('minuteSeries', () => {
  it('has one point per minute from start to end, zeros where chat was quiet', () => {
    const series = minuteSeries(new Date('2026-11-28T10:00:42.000Z'), minute('10:03'), [
      { minute: minute('10:00'), messages: 4 },
      { minute: minute('10:02'), messages: 1 },
    ]);
    expect(series).toEqual([
      { minute: '2026-11-28T10:00:00.000Z', messages: 4 },
      { minute: '2026-11-28T10:01:00.000Z', messages: 0 },
      { minute: '2026-11-28T10:02:00.000Z', messages: 1 },
      { minute: '2026-11-28T10:03:00.000Z', messages: 0 },
    ]);
  });
});

describe('days', () => {
  it('reads only real calendar days', () => {
    expect(parseDay('2026-02-28')?.toISOString()).toBe('2026-02-28T00:00:00.000Z');
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('2026-2-3')).toBeNull();
    expect(parseDay('yesterday')).toBeNull();
  });

  it('steps over month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
  });
});
