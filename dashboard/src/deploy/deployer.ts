// The `deployment` job: replaces a container by one of the same configuration
// on a (new) image, and puts the old one back when the new one does not become
// healthy. Each run starts from what exists (the deployment's row and the
// containers on the engine), so a run that died half-way is continued, or
// rolled back, by the next:
//
//   pull (or check the local image)
//   → rename the old container aside (<name>-previous-<short id>) and stop it
//   → create the new one under the old name → start it
//   → wait until healthy (healthcheck) or still running after stableMs
//   → remove the old one.
//
// A failure after the old container was touched, or a cancel, rolls back: the
// new container is removed, the old one renamed back and started.
import { events } from '@homelab/nats';
import { z } from 'zod';
import type { ContainerDetails, DockerEngine } from '../docker/engine.ts';
import { DomainError } from '../domain/errors.ts';
import { JobFailure, type JobHandler } from '../jobs/types.ts';
import { cut, type DeploymentChange, type DeploymentStore } from './store.ts';
import {
  DEPLOYMENT_LABEL,
  FINISHED,
  type Deployment,
  type DeploymentStatus,
  type DeployPhase,
} from './types.ts';

export const deploymentPayload = z.object({ deploymentId: z.uuid() });
export type DeploymentPayload = z.infer<typeof deploymentPayload>;

export interface DeployerDeps {
  /** The engine of a configured host; throws not_found for another name. */
  engine(host: string): DockerEngine;
  store: DeploymentStore;
  healthTimeoutMs: number;
  stableMs: number;
  /** Whether a person cancelled the job (an abort without it means the dashboard stops). */
  cancelRequested(jobId: string): Promise<boolean>;
  /** How often the new container's state is read while waiting (default 500 ms). */
  pollMs?: number;
}

const ASIDE = /-previous-[0-9a-f]{12}$/;
/** The name a container had before a deployment set it aside. */
export const originalName = (name: string) => name.replace(ASIDE, '');
export const asideName = (name: string, id: string) =>
  `${originalName(name)}-previous-${id.slice(0, 12)}`;

/** The new container did not become healthy (or was cancelled while waiting). */
class NotHealthy extends Error {}
class Cancelled extends Error {}

const short = (id: string) => id.slice(0, 12);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
const unreachable = (err: unknown) =>
  err instanceof DomainError &&
  err.code === 'unavailable' &&
  err.message.startsWith('no Docker engine');

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

const PERCENT: Partial<Record<DeploymentStatus, number>> = {
  pulling: 5,
  creating: 40,
  starting: 55,
  waiting_healthy: 65,
  rolling_back: 90,
};

export function createDeploymentHandler(deps: DeployerDeps): JobHandler<DeploymentPayload> {
  const pollMs = deps.pollMs ?? 500;

  return {
    kind: 'deployment',
    payload: deploymentPayload,
    maxAttempts: 3,
    async run({ deploymentId }, ctx) {
      let d = await deps.store.get(deploymentId);
      if (FINISHED.has(d.status)) return result(d);
      const engine = deps.engine(d.host);
      let phase: DeployPhase = 'prepare';

      async function change(c: DeploymentChange, event?: Parameters<DeploymentStore['change']>[2]) {
        d = await deps.store.change(d.id, c, event);
        if (c.step) {
          const percent = c.status ? PERCENT[c.status] : undefined;
          ctx.progress({ message: c.step.message, ...(percent === undefined ? {} : { percent }) });
        }
        return d;
      }
      const step = (name: string, text: string, c: Omit<DeploymentChange, 'step'> = {}) =>
        change({ ...c, step: { step: name, message: text } });

      async function aborted(): Promise<never> {
        if (await deps.cancelRequested(ctx.jobId).catch(() => false)) throw new Cancelled();
        // The dashboard stops: the next run continues from here.
        throw new Error('the dashboard is stopping; the deployment continues when it runs again');
      }
      const checkAbort = async () => {
        if (ctx.signal.aborted) await aborted();
      };

      if (d.status === 'queued') {
        await change(
          {
            status: 'pulling',
            started: true,
            step: {
              step: 'started',
              message: `deploying ${d.image} to ${d.target} (attempt ${ctx.attempt})`,
            },
          },
          {
            contract: events.deploymentStarted,
            data: {
              deploymentId: d.id,
              target: cut(d.target, 100),
              ref: cut(d.image, 100),
              triggeredBy: cut(d.requestedBy, 100),
            },
          },
        );
      } else {
        await step('resumed', `attempt ${ctx.attempt} continues from ${d.status}`);
      }

      let old: ContainerDetails | null = null;
      let name = d.target;
      try {
        old = d.previousContainerId ? await find(engine, d.previousContainerId) : null;
        if (!old) {
          // Gone: removed by a run that succeeded but died before saying so, or by someone else.
          const current = d.newContainerId ? await find(engine, d.newContainerId) : null;
          if (current && current.state === 'running' && d.status === 'waiting_healthy') {
            return await succeed();
          }
          throw new JobFailure(
            `the container to replace (${short(d.previousContainerId ?? '?')}) is gone`,
          );
        }
        name = originalName(old.name);
        if (d.status === 'rolling_back') {
          // An earlier run died rolling back: finish it (the failed phase is the best guess).
          phase = d.newContainerId ? 'health' : 'replace';
          throw new NotHealthy(d.error ?? 'an earlier run was rolling back');
        }

        if (d.status === 'pulling') {
          phase = 'pull';
          await obtainImage();
          await checkAbort();
          await step('image-ready', `${d.image} is on ${d.host}`, { status: 'creating' });
        }
        phase = 'replace';
        if (d.status === 'creating') {
          await replace(old);
          await checkAbort();
        }
        phase = 'start';
        if (d.status === 'starting') {
          const current = await find(engine, d.newContainerId!);
          if (!current) throw new Error(`the new container ${short(d.newContainerId!)} is gone`);
          if (current.state !== 'running') await engine.act(current.id, 'start');
          await step('started', `started ${name} (${short(current.id)})`, {
            status: 'waiting_healthy',
          });
        }
        phase = 'health';
        await waitHealthy(d.newContainerId!);
        return await succeed();
      } catch (caught) {
        let err = caught;
        // Another attempt may do better while the engine is out of reach.
        if (unreachable(err) && ctx.attempt < ctx.maxAttempts && !ctx.signal.aborted) {
          await step('retry', `${message(err)}; trying again`).catch(() => {});
          throw err;
        }
        if (ctx.signal.aborted && !(err instanceof Cancelled)) {
          // Stopping, not cancelled: leave everything for the next run.
          if (!(await deps.cancelRequested(ctx.jobId).catch(() => false))) throw err;
          err = new Cancelled();
        }
        const cancelled = err instanceof Cancelled;
        let reason = cancelled ? 'cancelled' : message(err);
        if (err instanceof NotHealthy && d.newContainerId && d.status !== 'rolling_back') {
          reason += await lastOutput(d.newContainerId);
        }
        const touched = old !== null && phase !== 'prepare' && phase !== 'pull';
        if (!touched) {
          if (cancelled) return await finishCancelled(reason, false);
          await fail(reason, false);
        }
        return await rollBack(reason, cancelled);
      }

      /** The new container's last log lines, for the error (best effort). */
      async function lastOutput(id: string): Promise<string> {
        try {
          const lines = await engine.logs(id, { tail: 3 });
          const text = lines
            .map((l) => l.text.trim())
            .filter(Boolean)
            .join(' | ');
          return text ? ` (last output: ${text.slice(0, 500)})` : '';
        } catch {
          return '';
        }
      }

      async function obtainImage() {
        if (d.pull) {
          await step('pull', `pulling ${d.image}`);
          let last = 0;
          await engine.pull(
            d.image,
            (p) => {
              if (Date.now() - last < 500) return;
              last = Date.now();
              const layer = p.layer ? ` ${p.layer}` : '';
              const percent = p.percent === null ? '' : ` ${p.percent}%`;
              ctx.progress({
                percent: 10,
                message: `pulling ${d.image}: ${p.status}${layer}${percent}`,
              });
            },
            ctx.signal,
          );
          await step('pulled', `pulled ${d.image}`);
        } else {
          const image = await engine.inspectImage(d.image);
          await step(
            'image',
            `using the local image ${d.image} (${image.id.replace(/^sha256:/, '').slice(0, 12)})`,
          );
        }
      }

      async function replace(current: ContainerDetails) {
        const aside = asideName(name, current.id);
        if (current.name !== aside) {
          await engine.rename(current.id, aside);
          await step('renamed', `renamed ${name} to ${aside}`);
        }
        if (['running', 'paused', 'restarting'].includes(current.state)) {
          await engine.act(current.id, 'stop');
          await step('stopped', `stopped the previous container ${short(current.id)}`);
        }
        const made = await ownNew();
        if (made) {
          await step('created', `found the new container ${short(made)} of an earlier attempt`, {
            status: 'starting',
            newContainerId: made,
          });
          return;
        }
        const spec = {
          ...current.spec,
          Labels: {
            ...((current.spec.Labels as Record<string, string> | undefined) ?? {}),
            [DEPLOYMENT_LABEL]: d.id,
          },
        };
        const id = await engine.create(name, spec, d.image);
        await step('created', `created ${name} (${short(id)}) from ${d.image}`, {
          status: 'starting',
          newContainerId: id,
        });
      }

      /** The new container of this deployment, if an earlier attempt made it. */
      async function ownNew(): Promise<string | null> {
        const byName = await find(engine, name);
        if (!byName) return null;
        if (byName.id === d.previousContainerId) return null;
        if (byName.id === d.newContainerId || byName.labels[DEPLOYMENT_LABEL] === d.id)
          return byName.id;
        throw new Error(`another container (${short(byName.id)}) took the name ${name}`);
      }

      async function waitHealthy(id: string) {
        const started = Date.now();
        const deadline = started + deps.healthTimeoutMs;
        let restarts: number | null = null;
        let reported = '';
        for (;;) {
          await checkAbort();
          const c = await find(engine, id);
          if (!c) throw new NotHealthy(`the new container ${short(id)} disappeared`);
          restarts ??= c.restartCount;
          if (c.state === 'exited' || c.state === 'dead') {
            throw new NotHealthy(`${name} exited with code ${c.exitCode ?? '?'}`);
          }
          if (c.restartCount > restarts || c.state === 'restarting') {
            // Running again, the engine no longer says how it exited.
            const how =
              c.state === 'restarting' && c.exitCode !== null ? ` with code ${c.exitCode}` : '';
            throw new NotHealthy(
              `${name} exited${how} and was restarted by its restart policy (restarts: ${c.restartCount})`,
            );
          }
          if (c.hasHealthcheck) {
            if (c.health === 'healthy') {
              await step('healthy', `${name} is healthy`);
              return;
            }
            if (c.health === 'unhealthy') {
              const output = c.lastHealthOutput ? `: ${c.lastHealthOutput}` : '';
              throw new NotHealthy(`${name} became unhealthy${output}`);
            }
          } else if (c.state === 'running') {
            const since = c.startedAt ? Math.min(Date.parse(c.startedAt), started) : started;
            if (Date.now() - since >= deps.stableMs) {
              await step(
                'healthy',
                `${name} kept running for ${Math.round(deps.stableMs / 1000)} s (no healthcheck)`,
              );
              return;
            }
          }
          if (Date.now() > deadline) {
            throw new NotHealthy(
              `${name} was not healthy within ${Math.round(deps.healthTimeoutMs / 1000)} s` +
                (c.health ? ` (health: ${c.health})` : ''),
            );
          }
          const now = c.hasHealthcheck ? `health: ${c.health ?? 'starting'}` : `running`;
          if (now !== reported) {
            reported = now;
            ctx.progress({ percent: 70, message: `waiting for ${name} (${now})` });
          }
          await sleep(pollMs, ctx.signal);
        }
      }

      async function succeed() {
        if (old) {
          await engine.remove(old.id, { force: true }).catch((err: unknown) => {
            if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
          });
        }
        await change(
          {
            status: 'succeeded',
            finished: true,
            error: null,
            step: {
              step: 'succeeded',
              message: old
                ? `removed the previous container ${short(old.id)}; ${d.target} runs ${d.image}`
                : `${d.target} runs ${d.image}`,
            },
          },
          {
            contract: events.deploymentFinished,
            data: {
              deploymentId: d.id,
              target: cut(d.target, 100),
              outcome: 'succeeded',
              durationMs: duration(),
              error: null,
            },
          },
        );
        ctx.progress({ percent: 100, message: `${d.target} runs ${d.image}` });
        return result(d);
      }

      function duration() {
        const from = Date.parse(d.startedAt ?? d.createdAt);
        return Math.max(0, Math.min(Date.now() - from, 7 * 24 * 3600 * 1000));
      }

      async function finishCancelled(reason: string, rolledBack: boolean) {
        await change(
          {
            status: 'cancelled',
            finished: true,
            error: reason,
            step: {
              step: 'cancelled',
              message: rolledBack ? 'cancelled; the previous container runs again' : 'cancelled',
            },
          },
          {
            contract: events.deploymentFinished,
            data: {
              deploymentId: d.id,
              target: cut(d.target, 100),
              outcome: 'cancelled',
              durationMs: duration(),
              error: cut(reason, 2000),
            },
          },
        );
        // Thrown, so the job ends cancelled too (the queue reads its signal).
        throw new JobFailure(
          `cancelled: ${d.target} ${rolledBack ? 'runs its previous container' : 'was not changed'}`,
        );
      }

      async function fail(
        reason: string,
        rolledBack: boolean,
        status: DeploymentStatus = 'failed',
      ): Promise<never> {
        await change(
          {
            status,
            finished: true,
            error: reason,
            step: { step: status === 'rolled_back' ? 'rolled-back' : 'failed', message: reason },
          },
          {
            contract: events.deploymentFailed,
            data: {
              deploymentId: d.id,
              target: cut(d.target, 100),
              error: cut(reason, 2000),
              rolledBack,
              phase,
            },
          },
        );
        throw new JobFailure(rolledBack ? `rolled back: ${reason}` : reason);
      }

      async function rollBack(reason: string, cancelled: boolean) {
        await step('rolling-back', `rolling back: ${reason}`, {
          status: 'rolling_back',
          error: reason,
        });
        try {
          const made = d.newContainerId ?? (await ownNew().catch(() => null));
          if (made && made !== old!.id) {
            await engine.remove(made, { force: true }).catch((err: unknown) => {
              if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
            });
            await step('removed-new', `removed the new container ${short(made)}`);
          }
          const previous = await find(engine, old!.id);
          if (!previous) throw new Error(`the previous container ${short(old!.id)} is gone`);
          if (previous.name !== name) {
            await engine.rename(previous.id, name);
            await step('renamed-back', `renamed ${previous.name} back to ${name}`);
          }
          if (previous.state !== 'running') {
            await engine.act(previous.id, previous.state === 'paused' ? 'unpause' : 'start');
            await step('restarted', `started the previous container ${short(previous.id)} again`);
          }
        } catch (err) {
          await fail(`${reason}; rolling back failed too: ${message(err)}`, false);
        }
        if (cancelled) return finishCancelled(reason, true);
        return fail(reason, true, 'rolled_back');
      }
    },
  };
}

async function find(engine: DockerEngine, idOrName: string): Promise<ContainerDetails | null> {
  try {
    return await engine.inspectDetails(idOrName);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'not_found') return null;
    throw err;
  }
}

function result(d: Deployment) {
  return { deploymentId: d.id, status: d.status, newContainerId: d.newContainerId, error: d.error };
}
