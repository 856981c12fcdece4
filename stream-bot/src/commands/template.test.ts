import { describe, expect, it } from 'vitest';
import { fitChatLine, renderTemplate } from './template.ts';

const ctx = { user: 'Pixel_Pete', channel: 'retro_evenings', args: ['@Nova', 'hi'], count: 7 };

describe('renderTemplate', () => {
  it('fills in the user, channel, count and arguments', () => {
    expect(renderTemplate('{user} hugs {touser} in #{channel} ({count}): {args} / {2}', ctx)).toBe(
      'Pixel_Pete hugs Nova in #retro_evenings (7): @Nova hi / hi',
    );
  });

  it('uses the user for {touser} and nothing for missing arguments', () => {
    expect(renderTemplate('{touser}|{1}|{args}|', { ...ctx, args: [] })).toBe('Pixel_Pete|||');
  });

  it('draws {random} from 1-100 and {random:a-b} from its range', () => {
    expect(renderTemplate('{random}', { ...ctx, random: () => 0 })).toBe('1');
    expect(renderTemplate('{random}', { ...ctx, random: () => 0.9999 })).toBe('100');
    expect(renderTemplate('{random:1-6}', { ...ctx, random: () => 0.9999 })).toBe('6');
    expect(renderTemplate('{random:6-1}', { ...ctx, random: () => 0 })).toBe('1');
    expect(renderTemplate('{random:-5-5}', { ...ctx, random: () => 0 })).toBe('-5');
  });

  it('leaves unknown placeholders and stray braces as typed', () => {
    expect(renderTemplate('{link} {user:x} {} {USER} }{', ctx)).toBe(
      '{link} {user:x} {} {USER} }{',
    );
  });

  it('keeps {count} as typed when there is no count', () => {
    expect(renderTemplate('#{count}', { user: 'a', channel: 'b', args: [] })).toBe('#{count}');
  });

  it('trims and cuts the output to 500 characters', () => {
    const out = renderTemplate(`  {args}  `, { ...ctx, args: ['x'.repeat(600)] });
    expect(out).toHaveLength(500);
  });
});

describe('fitChatLine', () => {
  it('never cuts a surrogate pair in half', () => {
    const out = fitChatLine(`${'x'.repeat(499)}😀`);
    expect(out).toBe('x'.repeat(499));
  });
});
