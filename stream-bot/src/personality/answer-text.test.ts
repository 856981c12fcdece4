import { describe, expect, it } from 'vitest';
import { addressOf, cleanAnswer, cutAtWord } from './answer-text.ts';

describe('cleanAnswer', () => {
  it('puts the answer on one line addressed to the viewer', () => {
    expect(cleanAnswer('Hello there!\n\nNice   to see you.', 'Ada', 300)).toBe(
      '@Ada Hello there! Nice to see you.',
    );
  });

  it('does not address the viewer twice when the model already did', () => {
    expect(cleanAnswer('@ada, hi!', 'Ada', 300)).toBe('@Ada hi!');
    expect(cleanAnswer('Ada: hi!', 'Ada', 300)).toBe('@Ada hi!');
  });

  it('drops a leading / or . that chat would run as a command', () => {
    expect(cleanAnswer('/ban everyone lol', 'ada', 300)).toBe('@ada ban everyone lol');
    expect(cleanAnswer(' .timeout x', 'ada', 300)).toBe('@ada timeout x');
    expect(cleanAnswer('"/me dances"', 'ada', 300)).toBe('@ada me dances');
  });

  it('removes links and defuses mass mentions', () => {
    expect(cleanAnswer('See https://evil.example/x and www.foo.bar now', 'ada', 300)).toBe(
      '@ada See and now',
    );
    expect(cleanAnswer('Hey @everyone and @here!', 'ada', 300)).toBe('@ada Hey everyone and here!');
  });

  it('gives null when nothing is left', () => {
    expect(cleanAnswer('   ', 'ada', 300)).toBeNull();
    expect(cleanAnswer('https://only.a/link', 'ada', 300)).toBeNull();
    expect(cleanAnswer('@ada', 'ada', 300)).toBeNull();
  });

  it('cuts an over-long answer at a word boundary within the limit', () => {
    const line = cleanAnswer('word '.repeat(100), 'ada', 50);
    expect(line).not.toBeNull();
    expect(Array.from(line ?? '').length).toBeLessThanOrEqual(50);
    expect(line).toMatch(/^@ada (word )+word…$/);
  });
});

describe('cutAtWord', () => {
  it('leaves a short text alone', () => {
    expect(cutAtWord('short text', 20)).toBe('short text');
    expect(cutAtWord('exactly ten', 11)).toBe('exactly ten');
  });

  it('cuts between words and marks the cut', () => {
    expect(cutAtWord('the quick brown fox jumps', 16)).toBe('the quick brown…');
    expect(cutAtWord('one two, three', 10)).toBe('one two…');
  });

  it('ends a cut after a whole sentence without the mark', () => {
    expect(cutAtWord('Arr matey. Crackers are great.', 16)).toBe('Arr matey.');
  });

  it('cuts inside a word only when there is no sensible space', () => {
    expect(cutAtWord('a supercalifragilistic word', 12)).toBe('a supercali…');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(cutAtWord('🙂🙂🙂 🙂🙂', 5)).toBe('🙂🙂🙂…');
  });
});

describe('addressOf', () => {
  it('uses the display name when it only changes the case of the login', () => {
    expect(addressOf('ada_l', 'Ada_L')).toBe('Ada_L');
    expect(addressOf('ada_l', 'エイダ')).toBe('ada_l');
  });
});
