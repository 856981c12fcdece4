// Which files may be uploaded, and how their content is checked while it
// streams in: a binary type must start with its format's magic bytes; a
// text-like one must be UTF-8 without NUL bytes. The extension picks the rule,
// the content must agree; the browser's Content-Type is never trusted.
import type { AnalysisKind } from '../ai/analysis.ts';
import { DomainError } from '../domain/errors.ts';
import { extensionOf } from './file-names.ts';

interface TextType {
  textLike: true;
  contentType: string;
  kind: Exclude<AnalysisKind, 'compose'>;
}
interface BinaryType {
  textLike: false;
  contentType: string;
  /** The content must satisfy this, given at least MAGIC_BYTES of the start (or all of it). */
  magic: (head: Uint8Array) => boolean;
}
export type FileType = TextType | BinaryType;

/** How much of a file's start the magic checks look at (tar's "ustar" sits at 257). */
export const MAGIC_BYTES = 265;

const text = (contentType: string, kind: TextType['kind']): TextType => ({
  textLike: true,
  contentType: `${contentType}; charset=utf-8`,
  kind,
});
const startsWith =
  (...bytes: number[]) =>
  (head: Uint8Array) =>
    head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const zip = (h: Uint8Array) =>
  startsWith(0x50, 0x4b, 0x03, 0x04)(h) || startsWith(0x50, 0x4b, 0x05, 0x06)(h);
const gzip = startsWith(0x1f, 0x8b);
const ustar = ascii('ustar');
const tar = (h: Uint8Array) => h.length >= 262 && ustar.every((b, i) => h[257 + i] === b);

const TYPES: Record<string, FileType> = {
  log: text('text/plain', 'logs'),
  txt: text('text/plain', 'text'),
  md: text('text/markdown', 'text'),
  csv: text('text/csv', 'text'),
  sh: text('text/plain', 'text'),
  json: text('application/json', 'config'),
  yaml: text('application/yaml', 'config'),
  yml: text('application/yaml', 'config'),
  toml: text('application/toml', 'config'),
  ini: text('text/plain', 'config'),
  conf: text('text/plain', 'config'),
  cfg: text('text/plain', 'config'),
  env: text('text/plain', 'config'),
  xml: text('application/xml', 'config'),
  service: text('text/plain', 'config'),
  zip: { textLike: false, contentType: 'application/zip', magic: zip },
  tar: { textLike: false, contentType: 'application/x-tar', magic: tar },
  gz: { textLike: false, contentType: 'application/gzip', magic: gzip },
  tgz: { textLike: false, contentType: 'application/gzip', magic: gzip },
  png: {
    textLike: false,
    contentType: 'image/png',
    magic: startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  },
  jpg: { textLike: false, contentType: 'image/jpeg', magic: startsWith(0xff, 0xd8, 0xff) },
  jpeg: { textLike: false, contentType: 'image/jpeg', magic: startsWith(0xff, 0xd8, 0xff) },
  pdf: { textLike: false, contentType: 'application/pdf', magic: startsWith(...ascii('%PDF-')) },
};

export const ALLOWED_EXTENSIONS = Object.keys(TYPES);

const COMPOSE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;

/** The type of a (safe) file name by its extension; unsupported_type for any other. */
export function fileTypeOf(name: string): FileType {
  const type = TYPES[extensionOf(name)];
  if (!type) {
    throw new DomainError(
      'unsupported_type',
      `"${name}" is not a type that can be uploaded; allowed: ${ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(' ')}`,
    );
  }
  return type;
}

/** What an analysis of this text-like file looks at: compose files, configs, logs or text. */
export function analysisKindOf(name: string): AnalysisKind {
  if (COMPOSE.test(name)) return 'compose';
  const type = fileTypeOf(name);
  return type.textLike ? type.kind : 'text';
}

/**
 * Checks a file's content chunk by chunk as it arrives: `push()` throws unsupported_type
 * as soon as the content cannot fit the type, `end()` once the last chunk is in.
 */
export function createContentCheck(name: string, type: FileType) {
  const head = new Uint8Array(MAGIC_BYTES);
  let headLength = 0;
  const decoder = type.textLike ? new TextDecoder('utf-8', { fatal: true }) : undefined;
  const refuse = (reason: string) => new DomainError('unsupported_type', `"${name}" ${reason}`);
  const checkMagic = () => {
    if (!type.textLike && !type.magic(head.subarray(0, headLength))) {
      throw refuse(
        `does not look like a .${extensionOf(name)} file (its first bytes do not match)`,
      );
    }
  };

  return {
    push(chunk: Uint8Array): void {
      if (headLength < MAGIC_BYTES) {
        const take = chunk.subarray(0, MAGIC_BYTES - headLength);
        head.set(take, headLength);
        headLength += take.length;
        if (headLength === MAGIC_BYTES) checkMagic();
      }
      if (!decoder) return;
      if (chunk.includes(0)) throw refuse('contains NUL bytes: it is not a text file');
      try {
        decoder.decode(chunk, { stream: true });
      } catch (cause) {
        throw new DomainError('unsupported_type', `"${name}" is not valid UTF-8 text`, { cause });
      }
    },
    /** Throws unsupported_type when the whole content does not fit the type. */
    end(): void {
      if (decoder) {
        try {
          decoder.decode();
        } catch (cause) {
          throw new DomainError(
            'unsupported_type',
            `"${name}" is not valid UTF-8 text (it ends inside a character)`,
            { cause },
          );
        }
      }
      if (headLength < MAGIC_BYTES) checkMagic();
    },
  };
}
