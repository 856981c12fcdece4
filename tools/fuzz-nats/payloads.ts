// fast-check generators of malformed NATS messages: payloads that are not JSON
// or not UTF-8, empty or near max_payload, JSON of the wrong shape (wrong
// types, missing and extra fields, huge and odd strings: lone surrogates, NUL,
// control and right-to-left characters), envelopes of the wrong version, type
// or source, and odd headers (Nats-Msg-Id among them). Built from each
// contract's own example, so every field of every subject gets its turn.
import fc from 'fast-check';

/** One generated message: what `label` says it is, its bytes and its headers. */
export interface FuzzMessage {
  label: string;
  payload: Uint8Array;
  headers: [string, string][];
}

const shownDecoder = new TextDecoder();

/** What a message is, short enough for a failure report (fast-check prints it). */
export function describeMessage(msg: Pick<FuzzMessage, 'label' | 'payload' | 'headers'>): string {
  const text = shownDecoder.decode(msg.payload);
  const shown = text.length > 300 ? `${text.slice(0, 300)}… (${msg.payload.length} bytes)` : text;
  return `${msg.label}: ${JSON.stringify(shown)} headers ${JSON.stringify(msg.headers).slice(0, 200)}`;
}

/** The message, printed by fast-check as describeMessage says instead of byte by byte. */
export function printable(msg: FuzzMessage): FuzzMessage {
  return Object.defineProperty({ ...msg }, fc.toStringMethod, {
    value: () => describeMessage(msg),
    enumerable: false,
  });
}

/** nats-server.conf's max_payload (1 MB) and the streams' max_msg_size (1 MiB). */
export const MAX_PAYLOAD = 1024 * 1024;

/** Runs per subject: FUZZ_RUNS when set, else the file's default. */
export function fuzzRuns(fallback: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** FUZZ_SEED replays a run fast-check reported (with its seed). */
export function fuzzSeed(): { seed?: number } {
  const seed = Number(process.env.FUZZ_SEED);
  return Number.isInteger(seed) && process.env.FUZZ_SEED ? { seed } : {};
}

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** Strings a careless decoder or database chokes on. */
const oddPieces = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d',
  'a\u0000b',
  '\u202e',
  '\ufeff',
  '\uffff',
  '\r\n',
  '%00',
  '%s%n',
  '${x}',
  "'; DROP TABLE x; --",
  '\\',
  '"',
  '💥',
  '́',
  ' ',
  '',
];

export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...oddPieces),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...oddPieces), fc.string({ maxLength: 8 })), { maxLength: 8 })
    .map((parts) => parts.join('')),
  // Code units, so lone surrogates anywhere in the string.
  fc
    .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 24 })
    .map((units) => String.fromCharCode(...units)),
);

/** A string of 1 to 48 Ki characters (long, not huge: three of them in JSON stay under max_payload). */
export const longString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1024, max: 48 * 1024 }), fc.constantFrom('x', 'é', '\u0000', '💥', ' '))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

/** Any JSON-ish value of a type a schema did not ask for. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    1e308,
    -0,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    '1',
    '2026-13-45T99:99:99Z',
    '00000000-0000-0000-0000-000000000000',
    [],
    {},
    { $gt: '' },
  ),
  fc.integer(),
  fc.double(),
  oddString,
  fc.array(fc.oneof(fc.integer(), oddString), { maxLength: 5 }),
  fc.dictionary(oddString, fc.oneof(fc.integer(), oddString), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 3 }),
);

const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/**
 * The object with one to three changes: a field removed, set to a wrong value,
 * a long or odd string, or an extra field (prototype keys included).
 */
export function mutatedObject(base: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(base);
  const anyKey = keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x');
  const change = fc.oneof(
    weighted(3, fc.record({ op: fc.constant('set' as const), key: anyKey, value: wrongValue })),
    weighted(1, fc.record({ op: fc.constant('set' as const), key: anyKey, value: longString })),
    weighted(2, fc.record({ op: fc.constant('delete' as const), key: anyKey })),
    weighted(
      2,
      fc.record({
        op: fc.constant('set' as const),
        key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'extra', ''), oddString),
        value: wrongValue,
      }),
    ),
  );
  return fc.array(change, { minLength: 1, maxLength: 3 }).map((changes) => {
    const copy: Record<string, unknown> = { ...base };
    for (const c of changes) {
      if (c.op === 'delete') delete copy[c.key];
      else
        Object.defineProperty(copy, c.key, {
          value: c.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return copy;
  });
}

/** Bytes that are not a JSON document, or not UTF-8. */
export const badBytes: fc.Arbitrary<{ label: string; bytes: Uint8Array }> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ label: 'random bytes', bytes })),
  fc
    .constantFrom(
      '{',
      '}',
      '[',
      'nul',
      'undefined',
      'NaN',
      '{"a":}',
      "{'a':1}",
      '{"a":1,}',
      '{"a":1}{"b":2}',
      '{"a":"\\ud800"}',
      '{"a":"\\u0000"}',
      '\ufeff{}',
      '{"__proto__":{"x":1}}',
      '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
    )
    .map((s) => ({ label: 'not JSON or odd JSON', bytes: utf8(s) })),
  fc
    .constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf])
    .map((b) => ({
      label: 'invalid UTF-8',
      bytes: Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...b, 0x22, 0x7d]),
    })),
  fc.constant({ label: 'empty payload', bytes: new Uint8Array(0) }),
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.nat()).map(([v, cut]) => {
    const s = JSON.stringify({ v });
    return { label: 'truncated JSON', bytes: utf8(s.slice(0, cut % Math.max(1, s.length))) };
  }),
);

/**
 * A JSON document of just under max_payload: one huge string field of the
 * given object (or the whole payload a huge string), so it still gets through
 * nats-server and the stream and has to be refused by the service.
 */
export function hugeJson(base: Record<string, unknown>): fc.Arbitrary<Uint8Array> {
  const keys = Object.keys(base);
  return fc
    .tuple(
      keys.length > 0 ? fc.constantFrom(...keys) : fc.constant('x'),
      fc.integer({ min: 1, max: 16 * 1024 }),
      fc.constantFrom('x', '\\u0000', 'é'),
    )
    .map(([key, slack, unit]) => {
      const skeleton = JSON.stringify({ ...base, [key]: '' });
      const room = MAX_PAYLOAD - skeleton.length - slack - 1024;
      const filler = unit.repeat(Math.floor(room / utf8(unit).length));
      return utf8(JSON.stringify({ ...base, [key]: '@' }).replace('"@"', `"${filler}"`));
    });
}

const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, '')),
  fc.constantFrom('', ' ', '1', 'x'.repeat(2000), 'null', '00000000-0000-0000-0000-000000000000'),
);

/** Headers a client might send: odd Nats-Msg-Id values, odd names, or none. */
export const fuzzHeaders: fc.Arbitrary<[string, string][]> = fc.oneof(
  weighted(3, fc.constant<[string, string][]>([])),
  weighted(
    2,
    fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            'Nats-Msg-Id',
            'Nats-Expected-Stream',
            'Nats-Expected-Last-Subject-Sequence',
            'Nats-Service-Error-Code',
            'Content-Type',
            'Authorization',
            'X-Homelab',
          ),
          fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
        ),
        headerValue,
      ),
      { minLength: 1, maxLength: 4 },
    ),
  ),
);
