// Deployments for the browser: ask for one (202 with its ids), the history, one
// with its steps, its changes as server-sent events until it ends, and cancel.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { parseInput, readJson } from '../http/errors.ts';
import { currentUser } from '../http/session.ts';
import type { Deployment, DeploymentRequest } from './types.ts';
import { FINISHED } from './types.ts';

const HEARTBEAT_MS = 15_000;
/** How often an open stream re-reads its deployment (changes made by another instance). */
const POLL_MS = 2_000;
const LIMIT = { min: 1, max: 500, default: 50 };

const deployBody = z.object({
  host: z.string({ error: 'expected a Docker host name' }).max(63).optional(),
  target: z
    .string({ error: 'required: the container name or compose service to deploy' })
    .min(1)
    .max(128),
  image: z.string({ error: 'expected an image reference' }).min(1).max(255).optional(),
  pull: z.boolean({
    error: 'required: pull (true: pull the image first; false: use the local image)',
  }),
  confirm: z.boolean({ error: 'expected true or false' }).optional(),
});
const listQuery = z.object({
  target: z.string().min(1).max(128).optional(),
  limit: z.coerce
    .number({ error: `expected a number (${LIMIT.min}-${LIMIT.max})` })
    .int()
    .min(LIMIT.min)
    .max(LIMIT.max)
    .default(LIMIT.default),
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function deploymentId(raw: string | undefined): string {
  if (!raw || !UUID.test(raw)) {
    throw new DomainError('invalid_input', `"${(raw ?? '').slice(0, 40)}" is not a deployment id`);
  }
  return raw;
}

export interface DeployRoutesDeps {
  defaultHost: string;
  request(input: DeploymentRequest, requestedBy: string): Promise<Deployment>;
  list(filter: { target?: string; limit: number }): Promise<Deployment[]>;
  get(id: string): Promise<Deployment>;
  cancel(id: string, by: string): Promise<Deployment>;
  watch(id: string, onChange: (d: Deployment) => void): () => void;
  shutdown: AbortSignal;
}

export function deployRoutes(deps: DeployRoutesDeps) {
  return (
    new Hono()
      .post('/deploy', async (c) => {
        const body = await readJson(c, deployBody);
        const d = await deps.request(
          { ...body, host: body.host ?? deps.defaultHost },
          currentUser(c).username,
        );
        return c.json({ deploymentId: d.id, jobId: d.jobId, deployment: d }, 202);
      })

      .get('/deployments', async (c) => {
        const q = parseInput(listQuery, c.req.query());
        return c.json({ deployments: await deps.list(q) });
      })

      .get('/deployments/:id', async (c) =>
        c.json({ deployment: await deps.get(deploymentId(c.req.param('id'))) }),
      )

      .post('/deployments/:id/cancel', async (c) =>
        c.json({
          deployment: await deps.cancel(deploymentId(c.req.param('id')), currentUser(c).username),
        }),
      )

      /**
       * The deployment now, then again after each change, until it ends (an `end` message
       * carries the last state), the browser leaves or the service stops.
       */
      .get('/deployments/:id/events', async (c) => {
        const id = deploymentId(c.req.param('id'));
        const first = await deps.get(id); // an unknown id is a 404, not a stream
        return streamSSE(c, async (stream) => {
          const done = new AbortController();
          const end = () => done.abort();
          if (deps.shutdown.aborted) done.abort();
          else deps.shutdown.addEventListener('abort', end);
          stream.onAbort(end);
          let wake: (() => void) | undefined;
          // A change while no wait is open is not lost: the next wait ends at once.
          let changed = false;
          const nudge = () => {
            changed = true;
            wake?.();
          };
          const unwatch = deps.watch(id, nudge);
          const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
          let sent = '';
          let current = first;
          try {
            for (;;) {
              const json = JSON.stringify(current);
              if (json !== sent) {
                sent = json;
                const finished = FINISHED.has(current.status);
                await stream.writeSSE({ event: finished ? 'end' : 'deployment', data: json });
                if (finished) break;
              }
              await new Promise<void>((resolve) => {
                if (changed || done.signal.aborted) return resolve();
                const timer = setTimeout(settle, POLL_MS);
                function settle() {
                  clearTimeout(timer);
                  wake = undefined;
                  done.signal.removeEventListener('abort', settle);
                  resolve();
                }
                wake = settle;
                done.signal.addEventListener('abort', settle);
              });
              if (done.signal.aborted || stream.aborted) break;
              changed = false;
              current = await deps.get(id);
            }
          } catch (err) {
            if (!stream.aborted) {
              const code = err instanceof DomainError ? err.code : 'internal';
              const message = err instanceof Error ? err.message : String(err);
              await stream.writeSSE({
                event: 'error',
                data: JSON.stringify({ error: { code, message } }),
              });
            }
          } finally {
            clearInterval(heartbeat);
            unwatch();
            deps.shutdown.removeEventListener('abort', end);
            done.abort();
          }
        });
      })
  );
}
