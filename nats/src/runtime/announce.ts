// Every instance says hello on the bus when it starts, through the outbox like
// any other event, so the dashboard sees restarts and versions.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { EventContract } from '../contracts/define.ts';
import type { serviceStartedSchema } from '../contracts/fields.ts';
import type { SqlDatabase } from '../db/sql.ts';
import { enqueueEvent } from '../outbox/enqueue.ts';

/** Writes the service's own `service.started` event; returns the new instance id. */
export async function announceStart(
  sql: SqlDatabase,
  started: EventContract<typeof serviceStartedSchema>,
  version: string,
): Promise<string> {
  const instanceId = randomUUID();
  await sql.transaction((tx) =>
    enqueueEvent(
      tx,
      started,
      {
        instanceId,
        version: version.slice(0, 64),
        hostname: os.hostname().slice(0, 255) || 'unknown',
      },
      { aggregateId: instanceId },
    ),
  );
  return instanceId;
}
