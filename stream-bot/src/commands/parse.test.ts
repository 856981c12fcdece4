import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse.ts';

describe('parseCommand', () => {
  it('reads the name in any case and the arguments', () => {
    expect(parseCommand('!SO  @Pixel_Pete   thanks ', '!')).toEqual({
      name: 'so',
      args: ['@Pixel_Pete', 'thanks'],
      rest: '@Pixel_Pete   thanks',
    });
  });

  it('works with a longer prefix', () => {
    expect(parseCommand('?!fact', '?!')).toMatchObject({ name: 'fact', args: [] });
  });

  it('ignores lines without the prefix, a bare prefix, and a space after it', () => {
    expect(parseCommand('hello !fact', '!')).toBeNull();
    expect(parseCommand('!', '!')).toBeNull();
    expect(parseCommand('! fact', '!')).toBeNull();
    expect(parseCommand('fact', '')).toBeNull();
  });

  it('ignores an over-long name', () => {
    expect(parseCommand(`!${'a'.repeat(51)}`, '!')).toBeNull();
  });
});
