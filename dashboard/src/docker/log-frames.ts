// Turns the bytes of the Engine API's logs endpoint into lines. Without a TTY
// the engine multiplexes stdout and stderr into frames: an 8-byte header (byte
// 0 the stream, 1 stdout / 2 stderr; bytes 4-7 the payload length, big-endian)
// then the payload. With a TTY it sends the raw terminal output instead. A frame
// need not end at a line break and a chunk need not end at a frame boundary, so
// both are buffered. With timestamps=true every line starts with an RFC 3339
// time and a space.
import { TextDecoder } from 'node:util';
import type { LogLine } from './engine.ts';

const HEADER = 8;
type Stream = LogLine['stream'];

export interface LogDecoder {
  /** The complete lines in chunk (and what earlier chunks left unfinished). */
  push(chunk: Uint8Array): LogLine[];
  /** Whatever is left when the stream ends, as a last line. */
  end(): LogLine[];
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /;

/** Splits a line into the engine's timestamp (when timestamps=true put one first) and the text. */
export function parseLogLine(stream: Stream, raw: string): LogLine {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const match = TIMESTAMP.exec(line);
  if (!match?.[1]) return { stream, at: null, text: line };
  const at = new Date(match[1]);
  return {
    stream,
    at: Number.isNaN(at.getTime()) ? null : at.toISOString(),
    text: line.slice(match[0].length),
  };
}

export function createLogDecoder(tty: boolean): LogDecoder {
  let pending: Buffer = Buffer.alloc(0);
  // Text of each stream after its last line break; TextDecoder keeps split UTF-8 sequences.
  const partial: Record<Stream, string> = { stdout: '', stderr: '' };
  const decoders: Record<Stream, TextDecoder> = {
    stdout: new TextDecoder(),
    stderr: new TextDecoder(),
  };

  function addText(stream: Stream, bytes: Uint8Array, out: LogLine[]) {
    const text = partial[stream] + decoders[stream].decode(bytes, { stream: true });
    const lines = text.split('\n');
    partial[stream] = lines.pop() ?? '';
    for (const l of lines) out.push(parseLogLine(stream, l));
  }

  return {
    push(chunk) {
      const out: LogLine[] = [];
      if (tty) {
        addText('stdout', chunk, out);
        return out;
      }
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      while (pending.length >= HEADER) {
        const size = pending.readUInt32BE(4);
        if (pending.length < HEADER + size) break;
        // 0 is stdin (never sent for logs); anything but 2 is read as stdout.
        const stream: Stream = pending[0] === 2 ? 'stderr' : 'stdout';
        addText(stream, pending.subarray(HEADER, HEADER + size), out);
        pending = pending.subarray(HEADER + size);
      }
      return out;
    },
    end() {
      const out: LogLine[] = [];
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = partial[stream] + decoders[stream].decode();
        partial[stream] = '';
        if (rest !== '') out.push(parseLogLine(stream, rest));
      }
      return out;
    },
  };
}

/** Decodes a whole logs response at once. */
export function decodeLogs(body: Uint8Array, tty: boolean): LogLine[] {
  const decoder = createLogDecoder(tty);
  return [...decoder.push(body), ...decoder.end()];
}
