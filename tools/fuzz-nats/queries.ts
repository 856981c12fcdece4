// Fuzzes a service's query subjects: every generated request must get an
// answer (never silence, never a 5xx). A request the contract refuses must be
// answered with the query services' error reply — a Nats-Service-Error-Code
// header of 400 and a body {"error":{"code":400,"message":…}} — and one it
// accepts with a response that keeps the contract (or a 4xx error reply).
import type { QueryContract } from '@homelab/nats';
import fc from 'fast-check';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from 'nats';
import {
  badBytes,
  fuzzHeaders,
  hugeJson,
  mutatedObject,
  utf8,
  wrongValue,
  describeMessage,
  fuzzSeed,
  printable,
  type FuzzMessage,
} from './payloads.ts';

/** Malformed (and a few well-formed) requests for one query contract. */
export function queryRequests(contract: QueryContract): fc.Arbitrary<FuzzMessage> {
  const example = contract.example.request as Record<string, unknown>;
  const json = (label: string) => (v: unknown) => ({ label, payload: utf8(JSON.stringify(v)) });
  const body = fc.oneof(
    { weight: 3, arbitrary: badBytes.map(({ label, bytes }) => ({ label, payload: bytes })) },
    { weight: 2, arbitrary: wrongValue.map(json('JSON of the wrong type')) },
    { weight: 6, arbitrary: mutatedObject(example).map(json('request with changed fields')) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 100 }).map((v) => ({
        label: 'request with extra fields',
        payload: utf8(JSON.stringify({ ...example, extra: v })),
      })),
    },
  );
  return fc
    .tuple(body, fuzzHeaders)
    .map(([b, headers]) => printable({ label: b.label, payload: b.payload, headers }));
}

/** A few requests of just under max_payload. */
export function hugeQueryRequests(contract: QueryContract): fc.Arbitrary<FuzzMessage> {
  return hugeJson(contract.example.request as Record<string, unknown>).map((payload) =>
    printable({ label: 'request near max_payload', payload, headers: [] }),
  );
}

export type QueryOutcome =
  | { kind: 'answer'; body: unknown }
  | { kind: 'error'; code: number; headerCode: number; message: string; body: unknown }
  | { kind: 'refused-by-client'; reason: string };

const decoder = new TextDecoder();

function buildHeaders(list: [string, string][]): MsgHdrs | undefined | Error {
  if (list.length === 0) return undefined;
  try {
    const h = natsHeaders();
    for (const [k, v] of list) h.append(k, v);
    return h;
  } catch (err) {
    return err as Error;
  }
}

/** Sends one raw request; throws on no reply (timeout, no responders). */
export async function ask(
  nc: NatsConnection,
  subject: string,
  msg: FuzzMessage,
  timeoutMs: number,
): Promise<QueryOutcome> {
  const h = buildHeaders(msg.headers);
  if (h instanceof Error) return { kind: 'refused-by-client', reason: h.message };
  const reply = await nc.request(subject, msg.payload, {
    timeout: timeoutMs,
    ...(h ? { headers: h } : {}),
  });
  const text = decoder.decode(reply.data);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${subject} replied with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  const headerCode = reply.headers?.get('Nats-Service-Error-Code');
  if (headerCode) {
    const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
    return {
      kind: 'error',
      code: typeof error?.code === 'number' ? error.code : NaN,
      headerCode: Number(headerCode),
      message: typeof error?.message === 'string' ? error.message : '',
      body,
    };
  }
  return { kind: 'answer', body };
}

/** What the contract says of a request: the service reads an empty payload as {}. */
export function requestIsValid(contract: QueryContract, payload: Uint8Array): boolean {
  let body: unknown;
  try {
    body = payload.length === 0 ? {} : JSON.parse(decoder.decode(payload));
  } catch {
    return false;
  }
  return contract.request.safeParse(body).success;
}

export interface QueryFuzzCounts {
  sent: number;
  invalid: number;
  valid: number;
  refusedByClient: number;
  errorsByCode: Record<string, number>;
}

/**
 * Checks one outcome against the contract; throws with the reason (fast-check
 * then shrinks the request and reports the smallest that fails).
 */
export function checkOutcome(
  contract: QueryContract,
  msg: FuzzMessage,
  outcome: QueryOutcome,
  counts: QueryFuzzCounts,
): void {
  counts.sent++;
  if (outcome.kind === 'refused-by-client') {
    counts.refusedByClient++;
    return;
  }
  const valid = requestIsValid(contract, msg.payload);
  if (valid) counts.valid++;
  else counts.invalid++;
  if (outcome.kind === 'error') {
    counts.errorsByCode[outcome.code] = (counts.errorsByCode[outcome.code] ?? 0) + 1;
    if (outcome.code !== outcome.headerCode) {
      throw new Error(`error body code ${outcome.code} but header ${outcome.headerCode}`);
    }
    if (!outcome.message)
      throw new Error(`error reply without a message: ${JSON.stringify(outcome.body)}`);
    if (!valid && outcome.code !== 400) {
      throw new Error(
        `a request the contract refuses got ${outcome.code} ${outcome.message}, not 400`,
      );
    }
    if (valid && !(outcome.code >= 400 && outcome.code < 500)) {
      throw new Error(`a request the contract accepts got ${outcome.code} ${outcome.message}`);
    }
    return;
  }
  if (!valid) {
    throw new Error(
      `a request the contract refuses was answered: ${JSON.stringify(outcome.body).slice(0, 200)}`,
    );
  }
  const response = contract.response.safeParse(outcome.body);
  if (!response.success) {
    throw new Error(
      `the answer breaks the response contract: ${response.error.message.slice(0, 300)}`,
    );
  }
}

/** Runs the property for one subject; returns the counts. */
export async function fuzzQuerySubject(options: {
  nc: NatsConnection;
  contract: QueryContract;
  runs: number;
  hugeRuns: number;
  timeoutMs?: number;
}): Promise<QueryFuzzCounts> {
  const { nc, contract } = options;
  const counts: QueryFuzzCounts = {
    sent: 0,
    invalid: 0,
    valid: 0,
    refusedByClient: 0,
    errorsByCode: {},
  };
  const property = (arb: fc.Arbitrary<FuzzMessage>) =>
    fc.asyncProperty(arb, async (msg) => {
      let outcome: QueryOutcome;
      try {
        outcome = await ask(nc, contract.subject, msg, options.timeoutMs ?? 5_000);
      } catch (err) {
        throw new Error(`no reply to ${describeMessage(msg)}: ${(err as Error).message}`);
      }
      try {
        checkOutcome(contract, msg, outcome, counts);
      } catch (err) {
        throw new Error(`${contract.subject}, ${describeMessage(msg)}: ${(err as Error).message}`);
      }
    });
  const params = { numRuns: options.runs, ...fuzzSeed() };
  await fc.assert(property(queryRequests(contract)), params);
  if (options.hugeRuns > 0) {
    await fc.assert(property(hugeQueryRequests(contract)), {
      ...params,
      numRuns: options.hugeRuns,
    });
  }
  return counts;
}
