import { describe, expect, it } from 'vitest';
import { cleanGeneratedText, normalizeFactText, rejectionOf } from './fact-text.ts';

describe('normalizeFactText', () => {
  it('treats case, punctuation and spacing as the same fact', () => {
    expect(normalizeFactText('  Octopuses have THREE hearts!')).toBe(
      normalizeFactText('octopuses  have three hearts.'),
    );
  });

  it('keeps letters outside ASCII and digits', () => {
    expect(normalizeFactText('Über 9000 Käfer!')).toBe('über 9000 käfer');
  });
});

describe('cleanGeneratedText', () => {
  it('drops a "Fact:" label, wrapping quotes and line breaks', () => {
    expect(cleanGeneratedText('Fun fact: "Honey never\nspoils."\n')).toBe('Honey never spoils.');
  });
});

describe('rejectionOf', () => {
  it('rejects an answer with nothing but punctuation', () => {
    expect(rejectionOf('...')).toMatch(/empty/);
  });

  it('rejects an answer longer than a chat line and accepts one that fits', () => {
    expect(rejectionOf('x'.repeat(281))).toMatch(/281 characters/);
    expect(rejectionOf('x'.repeat(280))).toBeUndefined();
  });
});
