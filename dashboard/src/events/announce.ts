// Every instance says hello on the bus when it starts, through the outbox like
// any other event, so the dashboard sees restarts and versions.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { enqueueEvent, events } from '@homelab/nats';
import type { SqlDatabase } from '@homelab/nats';

export async function announceStart(sql: SqlDatabase, version: string): Promise<string> {
  const instanceId = randomUUID();
  await sql.transaction((tx) =>
    enqueueEvent(
      tx,
      events.dashboardServiceStarted,
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
