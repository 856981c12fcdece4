import { describe, expect, it } from 'vitest';
import { commandsReply, formatDuration, uptimeReply } from './builtins.ts';

describe('built-in answers', () => {
  it('formats durations with the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration((2 * 3600 + 5 * 60 + 9) * 1000)).toBe('2h 5m');
    expect(formatDuration((86_400 + 30) * 1000)).toBe('1d');
  });

  it('says how long the bot has been in the channel, or that it is not there', () => {
    expect(uptimeReply('retro', new Date(0), 90_000)).toBe(
      'The bot has been connected to #retro for 1m 30s.',
    );
    expect(uptimeReply('retro', null, 0)).toMatch(/not connected to #retro/);
  });

  it('lists commands and cuts the list to one chat line', () => {
    expect(commandsReply('!', ['fact', 'uptime'])).toBe('Commands: !fact, !uptime');
    const many = Array.from({ length: 100 }, (_, i) => `command_${String(i).padStart(3, '0')}`);
    const reply = commandsReply('!', many);
    expect(reply.length).toBeLessThanOrEqual(500);
    expect(reply).toMatch(/ \(\+\d+ more\)$/);
    const shown = reply.split(', ').length;
    expect(reply).toContain(`(+${100 - shown} more)`);
  });
});
