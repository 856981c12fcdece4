// A stand-in domain for the outbox tests: a `facts` table whose every row is
// written together with its fact.created event, the way stream-bot does it.
import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '../../src/db/sql.ts';
import { events } from '../../src/contracts/registry.ts';
import { enqueueEvent } from '../../src/outbox/enqueue.ts';

export const FACTS_TABLE = `CREATE TABLE facts (
  id UUID PRIMARY KEY,
  aggregate TEXT NOT NULL,
  event_id UUID NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);`;

export class RolledBack extends Error {
  override readonly name = 'RolledBack';
  readonly eventId: string;
  constructor(eventId: string) {
    super(`rolled back the write of event ${eventId}`);
    this.eventId = eventId;
  }
}

/**
 * Inserts a fact and enqueues its event in one transaction. With `rollback`
 * the transaction throws after both inserts; `beforeRollback` sees the event
 * id first (the crash test logs it).
 */
export async function writeFact(
  db: SqlDatabase,
  aggregate: string,
  options: { rollback?: boolean; beforeRollback?: (eventId: string) => void } = {},
): Promise<string> {
  return db.transaction(async (tx) => {
    const factId = randomUUID();
    const eventId = randomUUID();
    await tx.execute('INSERT INTO facts (id, aggregate, event_id) VALUES ($1, $2, $3)', [
      factId,
      aggregate,
      eventId,
    ]);
    await enqueueEvent(
      tx,
      events.factCreated,
      { factId, text: `Fact for ${aggregate}`, source: 'manual' },
      { aggregateId: aggregate, id: eventId },
    );
    if (options.rollback) {
      options.beforeRollback?.(eventId);
      throw new RolledBack(eventId);
    }
    return eventId;
  });
}
