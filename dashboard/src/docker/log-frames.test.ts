import { describe, expect, it } from 'vitest';
import { createLogDecoder, decodeLogs } from './log-frames.ts';

/** One multiplexed frame as the engine writes it: stream byte, 3 zero bytes, length, payload. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('decoding Docker log frames', () => {
  it('separates stdout and stderr lines and reads their timestamps', () => {
    const body = Buffer.concat([
      frame(1, '2026-11-28T10:15:09.681674526Z tick\n'),
      frame(2, '2026-11-28T10:15:10.5Z oops: disk full\n'),
    ]);
    expect(decodeLogs(body, false)).toEqual([
      { stream: 'stdout', at: '2026-11-28T10:15:09.681Z', text: 'tick' },
      { stream: 'stderr', at: '2026-11-28T10:15:10.500Z', text: 'oops: disk full' },
    ]);
  });

  it('joins frames and lines split across chunks, even inside a header or a UTF-8 character', () => {
    const body = Buffer.concat([frame(1, 'héllo wo'), frame(1, 'rld\nsecond line\n')]);
    const decoder = createLogDecoder(false);
    const lines = [];
    // Byte by byte: every possible split point is crossed.
    for (const byte of body) lines.push(...decoder.push(Uint8Array.of(byte)));
    lines.push(...decoder.end());
    expect(lines.map((l) => l.text)).toEqual(['héllo world', 'second line']);
    expect(lines.every((l) => l.stream === 'stdout' && l.at === null)).toBe(true);
  });

  it('reads a TTY container as raw text without frames and drops carriage returns', () => {
    const lines = decodeLogs(Buffer.from('2026-11-28T10:00:00Z one\r\ntwo\r\nunfinished'), true);
    expect(lines).toEqual([
      { stream: 'stdout', at: '2026-11-28T10:00:00.000Z', text: 'one' },
      { stream: 'stdout', at: null, text: 'two' },
      { stream: 'stdout', at: null, text: 'unfinished' },
    ]);
  });

  it('keeps an incomplete trailing frame until the rest arrives', () => {
    const whole = frame(2, 'late line\n');
    const decoder = createLogDecoder(false);
    expect(decoder.push(whole.subarray(0, 12))).toEqual([]);
    expect(decoder.push(whole.subarray(12))).toEqual([
      { stream: 'stderr', at: null, text: 'late line' },
    ]);
  });
});
