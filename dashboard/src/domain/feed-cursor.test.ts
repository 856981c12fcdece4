import { describe, expect, it } from 'vitest';
import { formatCursor, parseCursor } from './feed-cursor.ts';

const SERVICES = ['streambot', 'discord', 'dashboard'];

describe('the feed cursor', () => {
  it('reads every service position and writes them back in service order', () => {
    const parsed = parseCursor('dashboard:33,streambot:120,discord:0', SERVICES);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([...parsed.cursor]).toEqual([
      ['dashboard', 33],
      ['streambot', 120],
      ['discord', 0],
    ]);
    expect(formatCursor(parsed.cursor, SERVICES)).toBe('streambot:120,discord:0,dashboard:33');
  });

  it('takes an old single event id as a cursor of one stream', () => {
    const parsed = parseCursor('streambot:7', SERVICES);
    expect(parsed.ok && [...parsed.cursor]).toEqual([['streambot', 7]]);
  });

  it.each([
    ['', /1-512 characters/],
    ['x'.repeat(600), /1-512 characters/],
    ['streambot', /service:sequence pairs/],
    ['streambot:-1', /service:sequence pairs/],
    ['streambot:01', /service:sequence pairs/],
    ['streambot:1.5', /service:sequence pairs/],
    ['streambot:1,', /service:sequence pairs/],
    ['streambot: 1', /service:sequence pairs/],
    ['twitch:1', /unknown service "twitch"/],
    ['streambot:1,streambot:2', /"streambot" given twice/],
    ['streambot:99999999999999999', /too large/],
  ])('refuses %j, saying why', (raw, why) => {
    const parsed = parseCursor(raw, SERVICES);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toMatch(why);
    expect(parsed.problem).toMatch(/starting afresh$/);
  });

  it('writes nothing for an empty cursor', () => {
    expect(formatCursor(new Map(), SERVICES)).toBe('');
  });
});
