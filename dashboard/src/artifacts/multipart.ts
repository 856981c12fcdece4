// A streaming reader of multipart/form-data (RFC 7578): parts one after the
// other, each part's body as chunks as they arrive, so an upload goes to disk
// without being held in memory. Only what an upload needs: the parts' names,
// file names and bodies; nothing is buffered beyond a boundary's length and a
// part's header block (capped).
import { DomainError } from '../domain/errors.ts';

const MAX_HEADER_BYTES = 16 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');

export interface PartHeaders {
  /** The form field's name (Content-Disposition name=). */
  name: string;
  /** The file name as the browser sent it, or undefined for a plain field. */
  fileName: string | undefined;
  contentType: string | undefined;
}

const malformed = (message: string) =>
  new DomainError('invalid_input', `malformed multipart/form-data: ${message}`);

/** The boundary of a multipart/form-data Content-Type; invalid_input for anything else. */
export function boundaryOf(contentType: string | undefined): string {
  const [type = '', ...params] = (contentType ?? '').split(';');
  if (type.trim().toLowerCase() !== 'multipart/form-data') {
    throw new DomainError(
      'invalid_input',
      'send the file as multipart/form-data with a field named "file"',
    );
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (/^[0-9A-Za-z'()+_,./:=? -]{1,70}$/.test(value) && !value.endsWith(' ')) return value;
    throw malformed('the boundary is not valid');
  }
  throw malformed('the Content-Type has no boundary');
}

/** Content-Disposition's parameters; quoted values are taken as sent (browsers do not escape \). */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /;\s*([A-Za-z0-9*_-]+)\s*=\s*(?:"([^"]*)"|([^;]*))/g;
  for (const m of value.matchAll(re)) {
    params.set((m[1] ?? '').toLowerCase(), m[2] ?? (m[3] ?? '').trim());
  }
  return params;
}

function parseHeaders(block: Buffer): PartHeaders {
  const headers = new Map<string, string>();
  for (const line of block.toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`bad part header line "${line.slice(0, 60)}"`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw malformed('a part has no Content-Disposition: form-data header');
  }
  const params = dispositionParams(disposition);
  const name = params.get('name');
  if (name === undefined) throw malformed('a part has no field name');
  let fileName = params.get('filename');
  const extended = params.get('filename*');
  if (extended?.toLowerCase().startsWith("utf-8''")) {
    try {
      fileName = decodeURIComponent(extended.slice(7));
    } catch {
      throw malformed('filename* is not valid percent-encoded UTF-8');
    }
  }
  return { name, fileName, contentType: headers.get('content-type') };
}

/**
 * Reads source part by part: `nextPart()` gives the next part's headers (null after
 * the last), `body()` that part's content. A part's body not read is skipped.
 */
export function createMultipartReader(source: AsyncIterable<Uint8Array>, boundary: string) {
  const iterator = source[Symbol.asyncIterator]();
  // The leading CRLF lets the first boundary be found like every later one.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.from(CRLF);
  let ended = false;
  let state: 'preamble' | 'body' | 'delimiter' | 'done' = 'preamble';

  async function fill(): Promise<boolean> {
    if (ended) return false;
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      return false;
    }
    buf = buf.length === 0 ? Buffer.from(next.value) : Buffer.concat([buf, next.value]);
    return true;
  }

  /** Waits until buf holds n bytes; false when the source ends first. */
  async function need(n: number): Promise<boolean> {
    while (buf.length < n) if (!(await fill())) return false;
    return true;
  }

  async function* body(): AsyncGenerator<Buffer> {
    if (state !== 'body') return;
    for (;;) {
      const at = buf.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield buf.subarray(0, at);
        buf = buf.subarray(at);
        state = 'delimiter';
        return;
      }
      // The end of buf may be the start of the delimiter: keep that much back.
      const safe = buf.length - (delimiter.length - 1);
      if (safe > 0) {
        const chunk = buf.subarray(0, safe);
        buf = buf.subarray(safe);
        yield chunk;
      }
      if (!(await fill())) throw malformed('the upload ended before the file did');
    }
  }

  async function nextPart(): Promise<PartHeaders | null> {
    if (state === 'done') return null;
    if (state === 'body') for await (const _ of body()); // skips the unread part
    if (state === 'preamble') {
      for (;;) {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          buf = buf.subarray(at);
          break;
        }
        buf = buf.subarray(Math.max(0, buf.length - delimiter.length));
        if (!(await fill())) throw malformed('no boundary found in the body');
      }
    }
    // buf starts with the delimiter: then "--" (the end) or the line's CRLF.
    if (!(await need(delimiter.length + 2))) throw malformed('the body ends after a boundary');
    buf = buf.subarray(delimiter.length);
    if (buf[0] === 0x2d && buf[1] === 0x2d) {
      state = 'done';
      return null;
    }
    // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
    for (;;) {
      const eol = buf.indexOf(CRLF);
      if (eol >= 0) {
        if (buf.subarray(0, eol).some((b) => b !== 0x20 && b !== 0x09)) {
          throw malformed('unexpected bytes after a boundary');
        }
        buf = buf.subarray(eol + 2);
        break;
      }
      if (buf.length > 256 || !(await fill())) throw malformed('a boundary line does not end');
    }
    for (;;) {
      if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
        throw malformed('a part has no headers');
      }
      const end = buf.indexOf(HEADERS_END);
      if (end >= 0) {
        const headers = parseHeaders(buf.subarray(0, end));
        buf = buf.subarray(end + HEADERS_END.length);
        state = 'body';
        return headers;
      }
      if (buf.length > MAX_HEADER_BYTES) throw malformed('a part header block is too long');
      if (!(await fill())) throw malformed('the body ends inside a part header');
    }
  }

  return { nextPart, body };
}
