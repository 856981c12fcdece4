// Malformed input for HTTP fuzzing, as fast-check arbitraries: strings that
// break naive code (NUL, lone surrogates, huge, injection), values of the wrong
// type, deep nesting, prototype-pollution keys, and the ways a body, a query
// string or a path segment can carry them. Valid-looking values are mixed in so
// that a request often gets past the first check and reaches deeper code.
import fc from 'fast-check';

/** Strings known to break SQL, paths, headers, templates, HTML and object handling. */
export const INJECTION_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  '1; SELECT pg_sleep(5)',
  '\\',
  "\\'",
  '%',
  '_',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '/etc/passwd',
  '....//....//etc/passwd',
  'a/../../b',
  '%2e%2e%2f%2e%2e%2f',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'foo\r\nSet-Cookie: evil=1',
  'x\r\n\r\nHTTP/1.1 200 OK',
  '\n',
  '{{7*7}}',
  '${7*7}',
  '#{7*7}',
  '<%= 7*7 %>',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'null',
  'undefined',
  'NaN',
  'true',
  '[object Object]',
  '$where',
  '$gt',
  '*',
  '?',
  '#',
  '&',
  ';',
  '|',
  '`id`',
  '$(id)',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'a\uDC00b',
  '\uFEFF',
  '\u202E',
  '\u200B',
  '😀',
  '\uFFFF',
  'Ω≈ç√',
  ' ',
  '   ',
  '',
];

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Lone surrogates, NUL and other characters that survive JSON but not every consumer. */
const nastyChar = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u001F',
  '\u007F',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uFFFE',
  '\uFFFF',
  '\uFEFF',
  '\u2028',
  '\u2029',
  '\u202E',
  '\u0301',
  '😀',
  '\r',
  '\n',
  '\t',
  '"',
  "'",
  '\\',
  '/',
  '<',
  '%',
);

/** A string mixing ordinary text with nasty characters. */
export const nastyString = fc
  .array(fc.oneof(fc.string({ maxLength: 6 }), nastyChar, fc.constantFrom(...INJECTION_STRINGS)), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

/** A string of up to ~200 kB (a repeated piece, so generating it stays cheap). */
export const hugeString = fc
  .tuple(
    fc.constantFrom('a', 'é', '😀', '\u0000', '\uD800', "'", 'x '),
    fc.integer({ min: 1_000, max: 200_000 }),
  )
  .map(([piece, n]) => piece.repeat(n));

/** Ordinary text with a NUL or a lone surrogate inside: fine JSON, not storable as UTF-8 text. */
export const unstorableString = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDFFF\uD800'),
    fc.string({ maxLength: 12 }),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Any string worth sending: ordinary, full unicode, nasty, injection, huge. */
export const fuzzString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 4, arbitrary: unstorableString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: nastyString },
  { weight: 4, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  { weight: 1, arbitrary: hugeString },
);

/** Numbers at and past every boundary a handler may assume. */
export const fuzzNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1,
    0.5,
    -0.5,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    2 ** 32,
    2 ** 53,
    -(2 ** 53),
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    5e-324,
    1e21,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A number written as text, the way it arrives in a query string or path. */
export const numericText: fc.Arbitrary<string> = fc.oneof(
  fuzzNumber.map(String),
  fc.constantFrom(
    '1e309',
    '-1e309',
    'Infinity',
    '-Infinity',
    'NaN',
    '0x10',
    '0b11',
    '1_000',
    '١٢٣',
    '99999999999999999999999999999',
    '-99999999999999999999999999999',
    '1.0',
    '01',
    '+1',
    ' 1',
    '1 ',
    '',
  ),
);

/** Strings for URLs: as fuzzString but short enough for Node's 16 KB header limit (see urlHuge). */
export const urlString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 4, arbitrary: nastyString },
  { weight: 4, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('a', 'é', '\u0000', '\uD800'), fc.integer({ min: 100, max: 1_000 }))
      .map(([piece, n]) => piece.repeat(n)),
  },
);

/** A piece of URL past Node's header limit: refused by its HTTP parser (431) before any app code. */
const urlHuge = fc.integer({ min: 17_000, max: 40_000 }).map((n) => 'a'.repeat(n));

/** Ids of every flavour: UUID-like but wrong, numeric, huge. */
export const idLike: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '00000000-0000-4000-8000-00000000000',
    '00000000-0000-4000-8000-0000000000000',
    '00000000000040008000000000000000',
    '{00000000-0000-4000-8000-000000000000}',
    'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
    '123456789012345678',
    '1234567890123456789012345678901234567890',
    '-1',
    '0',
  ),
  numericText,
);

/** A JSON-compatible scalar of any type. */
export const fuzzScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fuzzString },
  { weight: 3, arbitrary: fuzzNumber },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: idLike },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
);

/** A value nested `depth` levels deep in arrays or objects (deeper ones: deepJsonText). */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 20, max: 300 }), fc.boolean())
  .map(([depth, arrays]) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return v;
  });

/** JSON text nested up to 200,000 levels, past any recursive parser's stack. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Keys for random objects: the route's known field names, pollution keys, oddities. */
export function fuzzKey(known: string[]): fc.Arbitrary<string> {
  const arbs: fc.WeightedArbitrary<string>[] = [
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: nastyString },
  ];
  if (known.length > 0) arbs.push({ weight: 6, arbitrary: fc.constantFrom(...known) });
  return fc.oneof(...arbs);
}

/** Any JSON value: scalars, arrays and objects (keys from `known`), a deep one sometimes. */
export function fuzzJson(known: string[]): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: fuzzScalar },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      { weight: 2, arbitrary: fuzzObject(known, tie('value')) },
    ),
  }));
  return fc.oneof({ weight: 12, arbitrary: value }, { weight: 1, arbitrary: deepValue });
}

/** An object whose own properties include `__proto__` etc. as data, not as the prototype. */
function fuzzObject(known: string[], inner: fc.Arbitrary<unknown>) {
  return fc.array(fc.tuple(fuzzKey(known), inner), { maxLength: 6 }).map((entries) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      Object.defineProperty(o, k, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return o;
  });
}

/**
 * Mutations of a valid sample object: a field removed, a field's value replaced
 * by something malformed, extra fields (pollution keys among them), or all three.
 */
export function mutatedSample(sample: Record<string, unknown>, known: string[]) {
  const keys = Object.keys(sample);
  const value = fuzzJson(known);
  const edit = fc.oneof(
    keys.length > 0
      ? fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom(...keys) })
      : fc.constant({ op: 'none' as const }),
    keys.length > 0
      ? fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...keys), value })
      : fc.constant({ op: 'none' as const }),
    // A string field given another string: the case where only the text's content is wrong.
    keys.length > 0
      ? fc.record({
          op: fc.constant('set' as const),
          key: fc.constantFrom(...keys.filter((k) => typeof sample[k] === 'string'), ...keys),
          value: fuzzString,
        })
      : fc.constant({ op: 'none' as const }),
    fc.record({ op: fc.constant('set' as const), key: fuzzKey(known), value }),
  );
  return fc.array(edit, { minLength: 0, maxLength: 3 }).map((edits) => {
    const o: Record<string, unknown> = { ...sample };
    for (const e of edits) {
      if (e.op === 'drop') delete o[e.key];
      else if (e.op === 'set') {
        Object.defineProperty(o, e.key, {
          value: e.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    return o;
  });
}

/**
 * A string as the bytes a URL carries: every byte but the unreserved ones
 * percent-encoded, and lone surrogates written as their (invalid) WTF-8 bytes,
 * which encodeURIComponent refuses to produce.
 */
export function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const ch = s[i]!;
    if (/[A-Za-z0-9\-_.~]/.test(ch)) {
      out += ch;
      continue;
    }
    let cp = code;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    for (const b of utf8Bytes(cp)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function utf8Bytes(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 63)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)];
}

/** Raw (already encoded) text for a URL: broken escapes, overlong UTF-8, encoded slashes. */
const rawUrlPiece = fc.constantFrom(
  '%',
  '%zz',
  '%0',
  '%00',
  '%C0%AF',
  '%C0%80',
  '%ED%A0%80',
  '%FF%FE',
  '%2e%2e%2f%2e%2e%2f',
  '..%2F..%2F',
  '%2F',
  '%5C',
  '%0D%0ASet-Cookie:%20x=1',
  '+',
  '%20',
  '%252e%252e',
);

/** One path segment: a valid id of the route's (from `valid`) or a malformed one, encoded. */
export function pathSegment(valid: string[]): fc.Arbitrary<string> {
  const arbs: fc.WeightedArbitrary<string>[] = [
    { weight: 12, arbitrary: fc.oneof(idLike, urlString).map(percentEncode) },
    { weight: 4, arbitrary: rawUrlPiece },
    { weight: 1, arbitrary: urlHuge },
  ];
  if (valid.length > 0) {
    arbs.push({ weight: 16, arbitrary: fc.constantFrom(...valid).map(percentEncode) });
  }
  return fc.oneof(...arbs);
}

/** A query string (without "?"): known parameter names with malformed values, repeats, junk. */
export function queryString(known: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 5, arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant('q') },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS, '__proto__[x]', 'a[b]', 'a[]') },
    { weight: 1, arbitrary: urlString },
  );
  const value = fc.oneof(
    { weight: 12, arbitrary: numericText.map(percentEncode) },
    { weight: 12, arbitrary: urlString.map(percentEncode) },
    { weight: 8, arbitrary: idLike.map(percentEncode) },
    { weight: 4, arbitrary: rawUrlPiece },
    { weight: 1, arbitrary: urlHuge },
  );
  const pair = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(name, value).map(([k, v]) => `${percentEncode(k)}=${v}`) },
    { weight: 1, arbitrary: name.map(percentEncode) },
    { weight: 1, arbitrary: rawUrlPiece },
  );
  return fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.join('&'));
}

/** What to send as a request body, and with which content-type. */
export interface FuzzBody {
  kind: string;
  contentType?: string;
  body?: string | Uint8Array;
  /** The JSON value sent, when the body is JSON (for checking echoed fields). */
  json?: unknown;
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'application/json\u00e9',
  '',
);

/** A file name as a browser or an attacker may send it in a multipart part. */
const fileName = fc.oneof(
  fc.constantFrom(
    'notes.txt',
    'report.pdf',
    '../../../etc/passwd',
    '..\\..\\boot.ini',
    '/etc/shadow',
    'a\u0000.txt',
    'CON',
    '.htaccess',
    '',
    ' ',
    '.',
    '..',
    'x'.repeat(300) + '.txt',
    'é😀.log',
    'semi;colon.txt',
    'quote".txt',
  ),
  urlString.map((n) => `${n}.txt`),
);

/**
 * multipart/form-data bodies: well-formed parts with odd file names, types and contents, and
 * broken ones (no closing boundary, a truncated body, a missing or wrong boundary parameter).
 */
export const multipartBody: fc.Arbitrary<FuzzBody> = fc
  .record({
    boundary: fc.constantFrom('fuzzBoundary123', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW'),
    parts: fc.array(
      fc.record({
        name: fc.oneof(fc.constant('file'), fc.constant('file'), fuzzString),
        fileName: fc.option(fileName, { freq: 6 }),
        encodedName: fc.boolean(),
        type: fc.constantFrom(
          'text/plain',
          'application/pdf',
          'application/octet-stream',
          'image/png',
          'text/plain; charset=utf-16',
          '',
        ),
        content: fc.oneof(
          fc.string({ maxLength: 200 }),
          fuzzString,
          fc.constantFrom('%PDF-1.4\n%%EOF\n', '\u0000\u0001\u0002', '--fuzzBoundary123\r\n'),
        ),
      }),
      { maxLength: 3 },
    ),
    close: fc.constantFrom('proper', 'proper', 'missing', 'truncated'),
    header: fc.constantFrom(
      'proper',
      'proper',
      'proper',
      'no-boundary',
      'other-boundary',
      'quoted',
    ),
    cut: fc.nat(),
  })
  .map(({ boundary, parts, close, header, cut }) => {
    let text = '';
    for (const p of parts) {
      const file =
        p.fileName === null
          ? ''
          : p.encodedName
            ? `; filename*=UTF-8''${percentEncode(p.fileName)}`
            : `; filename="${p.fileName}"`;
      text += `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n`;
      if (p.type) text += `Content-Type: ${p.type}\r\n`;
      text += `\r\n${p.content}\r\n`;
    }
    if (close !== 'missing') text += `--${boundary}--\r\n`;
    if (close === 'truncated') text = text.slice(0, text.length === 0 ? 0 : cut % text.length);
    const contentType =
      header === 'no-boundary'
        ? 'multipart/form-data'
        : header === 'other-boundary'
          ? 'multipart/form-data; boundary=nope'
          : header === 'quoted'
            ? `multipart/form-data; boundary="${boundary}"`
            : `multipart/form-data; boundary=${boundary}`;
    return { kind: 'multipart', contentType, body: text };
  });

/** Bodies: JSON of every shape, valid samples mutated, non-JSON text, wrong content types, oversized. */
export function fuzzBody(
  known: string[],
  sample?: Record<string, unknown>,
  multipart = false,
): fc.Arbitrary<FuzzBody> {
  const json = (value: unknown, kind: string): FuzzBody => ({
    kind,
    contentType: 'application/json',
    body: JSON.stringify(value) ?? 'null',
    json: value,
  });
  const arbs: fc.WeightedArbitrary<FuzzBody>[] = [
    { weight: 1, arbitrary: fc.constant({ kind: 'none' }) },
    { weight: 6, arbitrary: fuzzJson(known).map((v) => json(v, 'json')) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom('{', '[', '{"a":', 'nul', '{"a":1,}', "{'a':1}", '{"a":1}{', '\uFEFF{}'),
          fc.constantFrom(
            'NaN',
            'Infinity',
            '1e999',
            '"\\ud800"',
            '"\\u0000"',
            '{"__proto__":{"x":1}}',
          ),
          fc.string({ unit: 'binary', maxLength: 60 }),
        )
        .map((body) => ({ kind: 'raw', contentType: 'application/json', body })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(contentTypes, fuzzJson(known)).map(([contentType, v]) => ({
        kind: 'wrong-type',
        contentType,
        body: JSON.stringify(v) ?? '',
        json: v,
      })),
    },
    {
      weight: 1,
      arbitrary: deepJsonText.map((body) => ({
        kind: 'deep',
        contentType: 'application/json',
        body,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ maxLength: 200 })
        .map((body) => ({ kind: 'binary', contentType: 'application/octet-stream', body })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 1, max: 4 })
        .map((mb) => json({ [known[0] ?? 'text']: 'x'.repeat(mb * 1024 * 1024) }, 'oversized')),
    },
  ];
  if (multipart) arbs.push({ weight: 10, arbitrary: multipartBody });
  if (sample) {
    arbs.push({ weight: 8, arbitrary: mutatedSample(sample, known).map((v) => json(v, 'sample')) });
  }
  return fc.oneof(...arbs);
}

/** Extra request headers: odd Accept, Range, forwarding and conditional headers. */
export const fuzzHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'accept',
        'accept-language',
        'range',
        'if-none-match',
        'if-modified-since',
        'x-forwarded-for',
        'x-forwarded-host',
        'x-forwarded-proto',
        'x-request-id',
        'last-event-id',
        'user-agent',
      ),
      fc.oneof(
        fc.constantFrom(
          '*/*',
          'text/event-stream',
          'bytes=0-0',
          'bytes=999999999-',
          'bytes=-1',
          '"etag"',
          'not a date',
          '127.0.0.1, ::1, garbage',
          'evil.example',
          'gopher',
          '-1',
          '99999999999999999999',
          "' OR 1=1 --",
          '../../etc/passwd',
          '{{7*7}}',
        ),
        fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        fc.integer({ min: 100, max: 8_000 }).map((n) => 'a'.repeat(n)),
      ),
    ),
    { maxLength: 2 },
  )
  .map((pairs) => Object.fromEntries(pairs));
