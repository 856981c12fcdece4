// Container actions in the dashboard's database. Each row and its
// container.action-taken event commit together through the outbox, so the bus
// hears of exactly the actions the history shows. Engine state changes have no
// row of their own; they only go out as events, through the same outbox.
import { enqueueEvent, events, type EventData, type SqlDatabase } from '@homelab/nats';
import type {
  ContainerAction,
  ContainerActionRecord,
  ContainerActionStore,
  NewContainerAction,
} from '../domain/containers.ts';

const INSERT = `INSERT INTO container_actions
  (host, container_id, name, image, action, outcome, error, requested_by, confirmed, duration_ms, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
RETURNING id`;

const RECENT = `SELECT id, host, container_id, name, image, action, outcome, error, requested_by,
  confirmed, duration_ms, created_at
FROM container_actions ORDER BY created_at DESC, id DESC LIMIT $1`;

interface Row {
  id: string;
  host: string;
  container_id: string;
  name: string;
  image: string;
  action: string;
  outcome: string;
  error: string | null;
  requested_by: string;
  confirmed: boolean;
  duration_ms: number;
  created_at: Date | string;
}

function toRecord(r: Row): ContainerActionRecord {
  return {
    id: r.id,
    host: r.host,
    containerId: r.container_id,
    name: r.name,
    image: r.image,
    action: r.action as ContainerAction,
    outcome: r.outcome === 'succeeded' ? 'succeeded' : 'failed',
    error: r.error,
    requestedBy: r.requested_by,
    confirmed: r.confirmed,
    durationMs: r.duration_ms,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The event's fields are bounded; a long engine message or name is cut, never refused. */
const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

export function createContainerActionStore(sql: SqlDatabase): ContainerActionStore {
  return {
    record: (a: NewContainerAction, at: Date) =>
      sql.transaction(async (tx) => {
        const [row] = await tx.query<{ id: string }>(INSERT, [
          a.host,
          a.containerId,
          a.name,
          a.image,
          a.action,
          a.outcome,
          a.error,
          a.requestedBy,
          a.confirmed,
          a.durationMs,
          at,
        ]);
        if (!row) throw new Error('container_actions insert returned no row');
        await enqueueEvent(
          tx,
          events.containerActionTaken,
          {
            actionId: row.id,
            host: cut(a.host, 100),
            containerId: a.containerId,
            name: cut(a.name, 128),
            image: cut(a.image || 'unknown', 255),
            action: a.action,
            outcome: a.outcome,
            error: a.error === null ? null : cut(a.error || 'failed', 2000),
            requestedBy: cut(a.requestedBy, 100),
            confirmed: a.confirmed,
            durationMs: Math.min(a.durationMs, 3_600_000),
          },
          { aggregateId: `${a.host}/${a.containerId}`, occurredAt: at },
        );
        return { ...a, id: row.id, createdAt: at.toISOString() };
      }),

    recent: async (limit) => (await sql.query<Row>(RECENT, [limit])).map(toRecord),
  };
}

export type ContainerStateChange = EventData<typeof events.containerStateChanged>;

/** Sends an engine's state change out through the outbox. */
export function createStateChangePublisher(sql: SqlDatabase, host: string) {
  return (change: ContainerStateChange, at: Date) =>
    sql.transaction(async (tx) => {
      await enqueueEvent(
        tx,
        events.containerStateChanged,
        { ...change, name: cut(change.name, 128), image: cut(change.image || 'unknown', 255) },
        { aggregateId: `${host}/${change.containerId}`, occurredAt: at },
      );
    });
}
