// Writing an event = inserting an outbox row in the caller's transaction. The
// event exists exactly when the domain write it describes committed.
import type { EventContract, EventData } from '../contracts/define.ts';
import type { SqlClient } from '../db/sql.ts';
import { makeEnvelope, type EnvelopeOf } from '../envelope.ts';

export interface EnqueueOptions {
  /**
   * The entity the event is about (a ticket id, a guild id …). Events of one
   * aggregate are published in the order they were enqueued.
   */
  aggregateId: string;
  correlationId?: string | null;
  /** Defaults to a random UUID; pass one to make a retried write idempotent. */
  id?: string;
  occurredAt?: Date | string;
}

const INSERT = `INSERT INTO outbox_events (id, subject, aggregate_type, aggregate_id, envelope)
VALUES ($1::uuid, $2, $3, $4, $5::jsonb)`;

/** Call inside the transaction that makes the domain change; returns the envelope stored. */
export async function enqueueEvent<C extends EventContract>(
  tx: SqlClient,
  contract: C,
  data: EventData<C>,
  options: EnqueueOptions,
): Promise<EnvelopeOf<C>> {
  if (!options.aggregateId) throw new TypeError('enqueueEvent needs an aggregateId');
  const envelope = makeEnvelope(contract, data, options);
  await tx.execute(INSERT, [
    envelope.id,
    contract.subject,
    contract.aggregate,
    options.aggregateId,
    JSON.stringify(envelope),
  ]);
  return envelope;
}
