// The name an uploaded file is shown and downloaded under. It is only ever a
// label: the file itself is stored under a UUID, so no name can reach outside
// the artifacts folder. Still, the label is made harmless for every place it
// may end up in (a download on Windows or Linux, a header, a log line).
import { DomainError } from '../domain/errors.ts';

/** Bytes of UTF-8 a stored name may have (file systems allow 255). */
export const MAX_NAME_BYTES = 200;

// Windows refuses these as a file's name whatever the extension (CON.txt too).
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\.|$)/i;
// Characters Windows does not allow in names, and the C0/C1 control characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"|?*\u0000-\u001f\u007f-\u009f]/g;
// Bidirectional overrides and zero-width characters can make "evil.exe.txt"
// read as something else; they have no place in a file name.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

const utf8 = new TextEncoder();

/** The last path segment, whichever separator the uploading system used. */
export function baseName(name: string): string {
  const parts = name.split(/[/\\]/);
  return parts[parts.length - 1] ?? '';
}

/** Cuts name to at most max UTF-8 bytes without splitting a character, keeping its extension. */
function capBytes(name: string, max: number): string {
  if (utf8.encode(name).length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const room = max - utf8.encode(ext).length;
  let stem = '';
  for (const ch of name.slice(0, name.length - ext.length)) {
    if (utf8.encode(stem + ch).length > room) break;
    stem += ch;
  }
  return stem + ext;
}

/**
 * The safe name for an uploaded file's name as the browser sent it: its base name
 * only; no control, reserved or invisible characters; no leading dots (a hidden
 * `.env` becomes `_.env`) or runs of dots; not a name Windows reserves; at most
 * MAX_NAME_BYTES. A NUL in the name, or nothing usable left, is refused.
 */
export function safeFileName(original: string): string {
  if (original.includes('\u0000')) {
    throw new DomainError('invalid_input', 'the file name contains a NUL character');
  }
  let name = baseName(original.normalize('NFC'))
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, '_')
    .replace(/\.{2,}/g, '.')
    .trim()
    .replace(/[. ]+$/, '');
  if (name.startsWith('.')) name = `_${name}`;
  if (RESERVED.test(name)) name = `_${name}`;
  name = capBytes(name, MAX_NAME_BYTES);
  if (name === '' || /^[_.]*$/.test(name)) {
    const shown = JSON.stringify(original.slice(0, 80));
    throw new DomainError('invalid_input', `the file name ${shown} has no usable characters`);
  }
  return name;
}

/** The file name's extension, lower case, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * A Content-Disposition value that downloads the file under its name: an ASCII
 * fallback for old clients and the exact name RFC 5987-encoded (filename*).
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
