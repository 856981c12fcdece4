// Malformed events for one event contract, and publishing them into the owner's
// stream as the owner's NATS user. Every generated message breaks the contract
// (bad bytes, a wrong envelope, wrong data); those that would pass it (an extra
// field zod strips, say) are generated again. `parseEnvelope` is the contract's
// reading of a message, so it is the oracle of what "breaks the contract" means.
import { makeEnvelope, parseEnvelope, SERVICE_NAMES, type EventContract } from '@homelab/nats';
import fc from 'fast-check';
import { headers as natsHeaders, type JetStreamClient } from 'nats';
import {
  badBytes,
  fuzzHeaders,
  hugeJson,
  mutatedObject,
  printable,
  utf8,
  wrongValue,
  type FuzzMessage,
} from './payloads.ts';

/** An envelope that keeps the contract: the contract's example, stamped now. */
export function validEnvelope(contract: EventContract, data: unknown = contract.example) {
  return makeEnvelope(contract, data as never);
}

/** Messages on `contract.subject` that break its contract, with odd headers. */
export function malformedEvents(contract: EventContract): fc.Arbitrary<FuzzMessage> {
  const envelope = validEnvelope(contract) as unknown as Record<string, unknown>;
  const example = contract.example as Record<string, unknown>;
  const json = (label: string) => (v: unknown) => ({ label, payload: utf8(JSON.stringify(v)) });
  const otherType = fc.constantFrom('fact.created', 'ticket.opened', 'x.y', 'Fact.Created', '');
  const body = fc.oneof(
    { weight: 2, arbitrary: badBytes.map(({ label, bytes }) => ({ label, payload: bytes })) },
    { weight: 1, arbitrary: wrongValue.map(json('JSON of the wrong type')) },
    { weight: 3, arbitrary: mutatedObject(envelope).map(json('envelope with changed fields')) },
    {
      weight: 2,
      arbitrary: fc
        .oneof(fc.constantFrom(0, -1, contract.version + 1, 99, 1.5, '1', null), wrongValue)
        .map((version) => ({ ...envelope, version }))
        .map(json('envelope of another version')),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          type: fc.oneof(fc.constant(contract.type), otherType),
          source: fc.oneof(fc.constantFrom(...SERVICE_NAMES, 'stream-bot', 'root'), wrongValue),
        })
        .map((change) => ({ ...envelope, ...change }))
        .map(json('envelope of another type or source')),
    },
    {
      weight: 4,
      arbitrary: fc
        .oneof(mutatedObject(example), wrongValue)
        .map((data) => ({ ...envelope, data }))
        .map(json('data with changed fields')),
    },
  );
  return fc
    .tuple(body, fuzzHeaders)
    .map(([b, headers]) => printable({ label: b.label, payload: b.payload, headers }))
    .filter((m) => !parseEnvelope(contract.subject, m.payload).ok);
}

/** A few envelopes of just under max_payload: a huge envelope field, or a huge field of data. */
export function hugeEvents(contract: EventContract): fc.Arbitrary<FuzzMessage> {
  const envelope = validEnvelope(contract) as unknown as Record<string, unknown>;
  const data = contract.example as Record<string, unknown>;
  const decoder = new TextDecoder();
  return fc
    .oneof(
      hugeJson(envelope),
      // hugeJson's document as the envelope's data, less the envelope's own size.
      hugeJson(data).map((bytes) => {
        const shell = JSON.stringify({ ...envelope, data: null });
        const inner = decoder.decode(bytes.subarray(0, bytes.length - shell.length));
        const closed = inner.endsWith('}') ? inner : `${inner.replace(/\\*$/, '')}"}`;
        return utf8(shell.replace('"data":null', `"data":${closed}`));
      }),
    )
    .map((payload) => printable({ label: 'event near max_payload', payload, headers: [] }))
    .filter((m) => !parseEnvelope(contract.subject, m.payload).ok);
}

export type PublishOutcome =
  | { kind: 'stored'; seq: number }
  | { kind: 'duplicate'; seq: number }
  | { kind: 'refused'; reason: string };

/** Publishes one message into the stream; the server (or the client) may refuse it. */
export async function publishRaw(
  js: JetStreamClient,
  subject: string,
  msg: FuzzMessage,
): Promise<PublishOutcome> {
  let h;
  if (msg.headers.length > 0) {
    try {
      h = natsHeaders();
      for (const [k, v] of msg.headers) h.append(k, v);
    } catch (err) {
      return { kind: 'refused', reason: `client: ${(err as Error).message}` };
    }
  }
  try {
    const ack = await js.publish(subject, msg.payload, h ? { headers: h } : {});
    return ack.duplicate ? { kind: 'duplicate', seq: ack.seq } : { kind: 'stored', seq: ack.seq };
  } catch (err) {
    return { kind: 'refused', reason: (err as Error).message };
  }
}
