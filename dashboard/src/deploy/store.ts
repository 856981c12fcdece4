// Deployments in the dashboard's database. A new row and its job commit
// together; every status change commits with its step and, where one is due,
// its event (started, finished, failed) through the outbox. Watchers in this
// process hear of each change at once (the UI's event stream).
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  enqueueEvent,
  events,
  type EventContract,
  type EventData,
  type SqlClient,
  type SqlDatabase,
} from '@homelab/nats';
import { DomainError } from '../domain/errors.ts';
import {
  ACTIVE_STATUSES,
  DEPLOYMENT_STATUSES,
  type Deployment,
  type DeploymentStatus,
  type DeploymentStep,
} from './types.ts';

const COLUMNS = `id, host, target, image, pull, status, previous_image, previous_container_id,
  new_container_id, error, steps, job_id, requested_by, created_at, started_at, finished_at`;

interface Row {
  id: string;
  host: string;
  target: string;
  image: string;
  pull: boolean;
  status: string;
  previous_image: string | null;
  previous_container_id: string | null;
  new_container_id: string | null;
  error: string | null;
  steps: DeploymentStep[] | string;
  job_id: string | null;
  requested_by: string;
  created_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toDeployment(r: Row): Deployment {
  return {
    id: r.id,
    host: r.host,
    target: r.target,
    image: r.image,
    pull: r.pull,
    status: DEPLOYMENT_STATUSES.find((s) => s === r.status) ?? 'failed',
    previousImage: r.previous_image,
    previousContainerId: r.previous_container_id,
    newContainerId: r.new_container_id,
    error: r.error,
    steps: typeof r.steps === 'string' ? (JSON.parse(r.steps) as DeploymentStep[]) : r.steps,
    jobId: r.job_id,
    requestedBy: r.requested_by,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

/** Event fields are bounded; long names and messages are cut, never refused. */
export const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text || '-';

export interface NewDeployment {
  host: string;
  target: string;
  image: string;
  pull: boolean;
  previousImage: string;
  previousContainerId: string;
  requestedBy: string;
}

export interface DeploymentChange {
  status?: DeploymentStatus;
  newContainerId?: string | null;
  error?: string | null;
  started?: boolean;
  finished?: boolean;
  step?: { step: string; message: string };
}

type PendingEvent = {
  [K in keyof typeof events]: { contract: (typeof events)[K]; data: EventData<(typeof events)[K]> };
}['deploymentStarted' | 'deploymentFinished' | 'deploymentFailed'];

export type DeploymentStore = ReturnType<typeof createDeploymentStore>;

export function createDeploymentStore(sql: SqlDatabase, now: () => Date = () => new Date()) {
  const changes = new EventEmitter();
  changes.setMaxListeners(0);

  /** Queued deployments whose job was cancelled or failed before it ran end as cancelled/failed. */
  const reconcile = () =>
    sql.execute(
      `UPDATE deployments d
          SET status = CASE WHEN j.status = 'cancelled' THEN 'cancelled' ELSE 'failed' END,
              error = COALESCE(d.error, j.error, 'cancelled before it started'),
              finished_at = COALESCE(j.finished_at, CURRENT_TIMESTAMP)
         FROM jobs j
        WHERE j.id = d.job_id AND d.status = 'queued' AND j.status IN ('cancelled', 'failed')`,
    );

  async function get(id: string): Promise<Deployment> {
    const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM deployments WHERE id = $1::uuid`, [
      id,
    ]);
    if (!row) throw new DomainError('not_found', `no deployment ${id}`);
    return toDeployment(row);
  }

  return {
    get: async (id: string) => {
      await reconcile();
      return get(id);
    },

    async list(filter: { target?: string; limit: number }): Promise<Deployment[]> {
      await reconcile();
      const rows = filter.target
        ? await sql.query<Row>(
            `SELECT ${COLUMNS} FROM deployments WHERE target = $1
              ORDER BY created_at DESC, id DESC LIMIT $2`,
            [filter.target, filter.limit],
          )
        : await sql.query<Row>(
            `SELECT ${COLUMNS} FROM deployments ORDER BY created_at DESC, id DESC LIMIT $1`,
            [filter.limit],
          );
      return rows.map(toDeployment);
    },

    /**
     * Writes a queued deployment and, in the same transaction, its job (enqueue). One
     * deployment per target (or container) at a time: a running one is a conflict.
     */
    async create(
      d: NewDeployment,
      enqueue: (tx: SqlClient, ids: { deploymentId: string; jobId: string }) => Promise<unknown>,
    ): Promise<Deployment> {
      const ids = { deploymentId: randomUUID(), jobId: randomUUID() };
      await reconcile();
      const row = await sql.transaction(async (tx) => {
        // Two requests for one target at once: the second waits here, then sees the first.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked', [
          `deploy:${d.host}`,
        ]);
        const [running] = await tx.query<{ id: string; status: string }>(
          `SELECT d.id, d.status FROM deployments d
             LEFT JOIN jobs j ON j.id = d.job_id
            WHERE d.host = $1 AND (d.target = $2 OR d.previous_container_id = $3)
              AND d.status = ANY($4::text[])
              AND (j.id IS NULL OR j.status IN ('queued', 'running'))
            LIMIT 1`,
          [d.host, d.target, d.previousContainerId, ACTIVE_STATUSES],
        );
        if (running) {
          throw new DomainError(
            'conflict',
            `${d.target} is being deployed already (deployment ${running.id}, ${running.status}): ` +
              'wait for it to finish or cancel it',
          );
        }
        const [inserted] = await tx.query<Row>(
          `INSERT INTO deployments (id, host, target, image, pull, status, previous_image,
             previous_container_id, steps, job_id, requested_by, created_at)
           VALUES ($1::uuid, $2, $3, $4, $5, 'queued', $6, $7, $8::jsonb, $9::uuid, $10, $11)
           RETURNING ${COLUMNS}`,
          [
            ids.deploymentId,
            d.host,
            d.target,
            d.image,
            d.pull,
            d.previousImage,
            d.previousContainerId,
            JSON.stringify([
              {
                at: now().toISOString(),
                step: 'queued',
                message: `${d.requestedBy} asked to deploy ${d.image} to ${d.target} on ${d.host}`,
              },
            ]),
            ids.jobId,
            d.requestedBy,
            now(),
          ],
        );
        if (!inserted) throw new Error('deployments insert returned no row');
        await enqueue(tx, ids);
        return inserted;
      });
      const created = toDeployment(row);
      changes.emit(created.id, created);
      return created;
    },

    /** Changes a deployment, appends its step, and queues its event, in one transaction. */
    async change(id: string, change: DeploymentChange, event?: PendingEvent): Promise<Deployment> {
      const at = now();
      const step = change.step ? [{ at: at.toISOString(), ...change.step }] : [];
      const row = await sql.transaction(async (tx) => {
        const [updated] = await tx.query<Row>(
          `UPDATE deployments SET
             status = COALESCE($2, status),
             new_container_id = CASE WHEN $3 THEN $4 ELSE new_container_id END,
             error = CASE WHEN $5 THEN $6 ELSE error END,
             started_at = CASE WHEN $7 THEN COALESCE(started_at, $9) ELSE started_at END,
             finished_at = CASE WHEN $8 THEN $9 ELSE finished_at END,
             steps = steps || $10::jsonb
           WHERE id = $1::uuid
           RETURNING ${COLUMNS}`,
          [
            id,
            change.status ?? null,
            change.newContainerId !== undefined,
            change.newContainerId ?? null,
            change.error !== undefined,
            change.error ?? null,
            change.started === true,
            change.finished === true,
            at,
            JSON.stringify(step),
          ],
        );
        if (!updated) throw new DomainError('not_found', `no deployment ${id}`);
        if (event) {
          await enqueueEvent(tx, event.contract as EventContract, event.data as never, {
            aggregateId: id,
            occurredAt: at,
          });
        }
        return updated;
      });
      const changed = toDeployment(row);
      changes.emit(id, changed);
      return changed;
    },

    /** Calls onChange with the deployment after each change, until the returned function is called. */
    watch(id: string, onChange: (d: Deployment) => void): () => void {
      changes.on(id, onChange);
      return () => changes.off(id, onChange);
    },
  };
}
