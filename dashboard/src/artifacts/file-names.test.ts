import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { attachmentDisposition, MAX_NAME_BYTES, safeFileName } from './file-names.ts';

const refused = (name: string) => {
  try {
    safeFileName(name);
  } catch (err) {
    return err instanceof DomainError ? err.code : 'other';
  }
  return 'accepted';
};

describe('safeFileName', () => {
  it.each([
    ['app.log', 'app.log'],
    ['../../etc/passwd.log', 'passwd.log'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['/etc/hosts.conf', 'hosts.conf'],
    ['C:\\Users\\me\\compose.yaml', 'compose.yaml'],
    ['.env', '_.env'],
    ['...hidden.txt', '_.hidden.txt'],
    ['a..b.txt', 'a.b.txt'],
    ['CON.txt', '_CON.txt'],
    ['lpt1', '_lpt1'],
    ['bad\u0007na\nme.txt', 'bad_na_me.txt'],
    ['we<i>rd:"na|me?*.md', 'we_i_rd__na_me__.md'],
    ['evil\u202Etxt.exe.log', 'eviltxt.exe.log'],
    ['  spaced.txt  ', 'spaced.txt'],
    ['trailing.txt...', 'trailing.txt'],
    ['Überblick.md', 'Überblick.md'],
  ])('makes %j into %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('refuses a NUL and names with nothing usable left', () => {
    expect(refused('evil.txt\u0000.png')).toBe('invalid_input');
    expect(refused('..')).toBe('invalid_input');
    expect(refused('../')).toBe('invalid_input');
    expect(refused('...')).toBe('invalid_input');
    expect(refused('')).toBe('invalid_input');
  });

  it('caps the length in UTF-8 bytes and keeps the extension', () => {
    const name = safeFileName(`${'ä'.repeat(300)}.log`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name.endsWith('.log')).toBe(true);
    expect(name.startsWith('ää')).toBe(true);
  });
});

describe('attachmentDisposition', () => {
  it('gives an ASCII fallback and the exact name RFC 5987-encoded', () => {
    expect(attachmentDisposition('Überblick "neu".md')).toBe(
      `attachment; filename="_berblick _neu_.md"; filename*=UTF-8''%C3%9Cberblick%20%22neu%22.md`,
    );
    expect(attachmentDisposition("it's (1).txt")).toBe(
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });
});
