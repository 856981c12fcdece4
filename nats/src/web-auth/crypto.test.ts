import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, parseEncryptionKey, safeEqual } from './crypto.ts';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('opens what it sealed, and seals the same text differently each time', () => {
    const a = box.seal('oauth-token-123');
    const b = box.seal('oauth-token-123');
    expect(a).not.toBe(b);
    expect(a).not.toContain('oauth-token-123');
    expect(box.open(a)).toBe('oauth-token-123');
    expect(box.open(b)).toBe('oauth-token-123');
  });

  it('refuses a value with a changed ciphertext, tag or IV', () => {
    const sealed = box.seal('oauth-token-123');
    const [v, iv, tag, data] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    expect(() => box.open([v, iv, tag, flip(data)].join('.'))).toThrow();
    expect(() => box.open([v, iv, flip(tag), data].join('.'))).toThrow();
    expect(() => box.open([v, flip(iv), tag, data].join('.'))).toThrow();
    expect(() => box.open(`v2.${iv}.${tag}.${data}`)).toThrow(/not a sealed secret/);
    expect(() => box.open('oauth-token-123')).toThrow(/not a sealed secret/);
  });

  it('refuses a value sealed with another key', () => {
    const other = createSecretBox(randomBytes(32));
    expect(() => box.open(other.seal('x'))).toThrow();
  });
});

describe('parseEncryptionKey', () => {
  it('takes 64 hex digits or 32 bytes of base64', () => {
    const key = randomBytes(32);
    expect(parseEncryptionKey(key.toString('hex'))).toEqual(key);
    expect(parseEncryptionKey(key.toString('base64'))).toEqual(key);
  });

  it('refuses anything else, saying how to make a key', () => {
    expect(() => parseEncryptionKey('short')).toThrow(/openssl rand -hex 32/);
  });
});

it('safeEqual compares strings of any length', () => {
  expect(safeEqual('secret', 'secret')).toBe(true);
  expect(safeEqual('secret', 'secreT')).toBe(false);
  expect(safeEqual('secret', 'secret-but-longer')).toBe(false);
  expect(safeEqual('', '')).toBe(true);
});
