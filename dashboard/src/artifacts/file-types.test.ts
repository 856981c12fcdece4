import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain/errors.ts';
import { analysisKindOf, createContentCheck, fileTypeOf } from './file-types.ts';

/** The verdict on content fed in the given chunks: 'ok' or the error's code. */
function verdict(name: string, ...chunks: (string | number[] | Uint8Array)[]): string {
  const check = createContentCheck(name, fileTypeOf(name));
  try {
    for (const c of chunks) {
      check.push(typeof c === 'string' ? Buffer.from(c) : Uint8Array.from(c));
    }
    check.end();
    return 'ok';
  } catch (err) {
    return err instanceof DomainError ? err.code : 'other';
  }
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];

describe('file types', () => {
  it('refuses extensions not on the allow-list', () => {
    for (const name of ['x.exe', 'x.html', 'x.svg', 'x.js', 'passwd', 'x.']) {
      expect(() => fileTypeOf(name)).toThrow(/not a type that can be uploaded/);
    }
  });

  it('picks the analysis kind from the name', () => {
    expect(analysisKindOf('compose.yaml')).toBe('compose');
    expect(analysisKindOf('docker-compose.prod.yml')).toBe('compose');
    expect(analysisKindOf('app.yaml')).toBe('config');
    expect(analysisKindOf('_.env')).toBe('config');
    expect(analysisKindOf('nginx.conf')).toBe('config');
    expect(analysisKindOf('plex.service')).toBe('config');
    expect(analysisKindOf('server.log')).toBe('logs');
    expect(analysisKindOf('notes.md')).toBe('text');
  });

  it('accepts UTF-8 text, also when a character is split between chunks', () => {
    const bytes = Buffer.from('grüße\n');
    expect(verdict('a.txt', bytes.subarray(0, 3), bytes.subarray(3))).toBe('ok');
  });

  it('refuses text with NUL bytes, invalid UTF-8 or a cut character at the end', () => {
    expect(verdict('a.log', 'line\u0000')).toBe('unsupported_type');
    expect(verdict('a.json', [0x7b, 0xff, 0x7d])).toBe('unsupported_type');
    expect(verdict('a.txt', [0x61, 0xc3])).toBe('unsupported_type');
  });

  it('checks the magic bytes of binary types', () => {
    expect(verdict('a.png', PNG, new Uint8Array(400))).toBe('ok');
    expect(verdict('a.png', 'not a png at all')).toBe('unsupported_type');
    expect(verdict('a.pdf', '%PDF-1.7\n')).toBe('ok');
    expect(verdict('a.jpg', [0xff, 0xd8, 0xff, 0xe0])).toBe('ok');
    expect(verdict('a.zip', 'PK\u0003\u0004rest')).toBe('ok');
    expect(verdict('a.tgz', [0x1f, 0x8b, 8])).toBe('ok');
    expect(verdict('a.gz', 'plain text')).toBe('unsupported_type');
    const tar = new Uint8Array(512);
    tar.set(Buffer.from('ustar\u000000'), 257);
    expect(verdict('a.tar', tar)).toBe('ok');
    expect(verdict('a.tar', new Uint8Array(512))).toBe('unsupported_type');
  });

  it('refuses a fake binary as soon as its first bytes are in', () => {
    const check = createContentCheck('a.zip', fileTypeOf('a.zip'));
    expect(() => check.push(new Uint8Array(300))).toThrow(/first bytes do not match/);
  });
});
