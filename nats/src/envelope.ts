// The JSON envelope every event travels in. Publishers build it with
// makeEnvelope (which refuses bad data); consumers read it with parseEnvelope
// (which never throws, so one bad message cannot stop a consumer).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventContract, EventData } from './contracts/define.ts';
import { eventBySubject } from './contracts/registry.ts';
import { SERVICE_NAMES, type ServiceName } from './contracts/streams.ts';
import { ContractValidationError } from './errors.ts';
import { describeIssues } from './validation.ts';

export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, 'expected <aggregate>.<event>'),
  version: z.int().min(1),
  source: z.enum(SERVICE_NAMES),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.uuid().nullable(),
  data: z.unknown(),
});

export interface Envelope<D = unknown> {
  id: string;
  type: string;
  version: number;
  source: ServiceName;
  occurredAt: string;
  correlationId: string | null;
  data: D;
}

export type EnvelopeOf<C extends EventContract> = Envelope<EventData<C>>;

/** A received event: its contract and its validated envelope. */
export interface BusEvent<C extends EventContract = EventContract> {
  contract: C;
  envelope: EnvelopeOf<C>;
}

export interface EnvelopeOptions {
  correlationId?: string | null;
  id?: string;
  occurredAt?: Date | string;
}

export function makeEnvelope<C extends EventContract>(
  contract: C,
  data: EventData<C>,
  options: EnvelopeOptions = {},
): EnvelopeOf<C> {
  const parsed = contract.schema.safeParse(data);
  if (!parsed.success) {
    throw new ContractValidationError(
      contract.subject,
      'event data',
      describeIssues(parsed.error),
      {
        cause: parsed.error,
      },
    );
  }
  const occurredAt = options.occurredAt ?? new Date();
  const envelope = {
    id: options.id ?? randomUUID(),
    type: contract.type,
    version: contract.version,
    source: contract.owner,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    correlationId: options.correlationId ?? null,
    data: parsed.data,
  };
  const checked = envelopeSchema.safeParse(envelope);
  if (!checked.success) {
    throw new ContractValidationError(contract.subject, 'envelope', describeIssues(checked.error), {
      cause: checked.error,
    });
  }
  return envelope as EnvelopeOf<C>;
}

export type ParseResult =
  { ok: true; contract: EventContract; envelope: Envelope } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseEnvelope(subject: string, bytes: Uint8Array | string): ParseResult {
  const contract = eventBySubject(subject);
  if (!contract) return { ok: false, reason: `no contract is registered for subject ${subject}` };
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : decoder.decode(bytes));
  } catch (err) {
    return { ok: false, reason: `payload is not UTF-8 JSON: ${(err as Error).message}` };
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    return { ok: false, reason: `envelope is malformed: ${describeIssues(envelope.error)}` };
  }
  const e = envelope.data;
  if (e.type !== contract.type || e.version !== contract.version || e.source !== contract.owner) {
    return {
      ok: false,
      reason:
        `envelope says ${e.source} ${e.type} v${e.version} but subject ${subject} ` +
        `carries ${contract.owner} ${contract.type} v${contract.version}`,
    };
  }
  const data = contract.schema.safeParse(e.data);
  if (!data.success) {
    return {
      ok: false,
      reason: `payload is invalid for ${contract.type} v${contract.version}: ${describeIssues(data.error)}`,
    };
  }
  return { ok: true, contract, envelope: { ...e, data: data.data } };
}

/** Narrows a received event to one contract: `if (isEvent(e, events.factCreated)) e.envelope.data.text`. */
export function isEvent<C extends EventContract>(
  event: BusEvent,
  contract: C,
): event is BusEvent<C> {
  return event.contract.subject === contract.subject;
}
