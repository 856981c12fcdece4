// Deployments as one piece for the composition root: the store, the request
// checks, the `deployment` job handler and the HTTP routes. service.ts registers
// `handler` with the job queue and mounts `routes` under /api (POST /api/deploy,
// /api/deployments…); Jarvis calls `requestDeployment`.
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { Config } from '../config.ts';
import type { DockerEngine } from '../docker/engine.ts';
import { DomainError } from '../domain/errors.ts';
import type { JobQueue } from '../jobs/types.ts';
import { createDeploymentHandler } from './deployer.ts';
import { createDeploymentRequests } from './requests.ts';
import { deployRoutes } from './routes.ts';
import { createDeploymentStore } from './store.ts';
import type { Deployment, DeploymentRequest } from './types.ts';

export type { Deployment, DeploymentRequest } from './types.ts';

export interface DeployModuleDeps {
  config: Pick<Config, 'deploy' | 'docker'>;
  sql: SqlDatabase;
  /** The Docker engines (the docker module's), one per configured host. */
  engines: DockerEngine[];
  jobs: JobQueue;
  logger: Logger;
  /** Aborted when the service stops: open event streams end. */
  shutdown: AbortSignal;
  /** How often the new container is looked at while waiting (tests). */
  pollMs?: number;
}

export function createDeployModule(deps: DeployModuleDeps) {
  const store = createDeploymentStore(deps.sql);
  const requests = createDeploymentRequests({
    engines: deps.engines,
    store,
    jobs: deps.jobs,
    stackContainers: deps.config.docker.stackContainers,
  });
  const defaultHost = deps.engines[0]?.host.name ?? 'local';

  const handler = createDeploymentHandler({
    engine: requests.engine,
    store,
    healthTimeoutMs: deps.config.deploy.healthTimeoutMs,
    stableMs: deps.config.deploy.stableMs,
    pollMs: deps.pollMs,
    async cancelRequested(jobId) {
      return (await deps.jobs.get(jobId)).cancelRequested;
    },
  });

  async function cancel(id: string, by: string): Promise<Deployment> {
    const d = await store.get(id);
    if (!d.jobId) throw new DomainError('conflict', `deployment ${id} has no job to cancel`);
    await deps.jobs.cancel(d.jobId, by);
    return store.get(id);
  }

  return {
    handler,
    store,
    /** For Jarvis: the same checks as POST /api/deploy (confirm for stack containers). */
    async requestDeployment(
      input: { host: string; target: string; image?: string; pull: boolean; confirm?: boolean },
      requestedBy: string,
    ): Promise<{ deploymentId: string; jobId: string }> {
      const d = await requests.request(input, requestedBy);
      return { deploymentId: d.id, jobId: d.jobId! };
    },
    list: (filter: { target?: string; limit?: number } = {}) =>
      store.list({ target: filter.target, limit: filter.limit ?? 50 }),
    /** For Jarvis's list_deployments (its ListRecent shape). */
    listRecent: (limit: number) => store.list({ limit }),
    get: (id: string) => store.get(id),
    cancel,
    routes: deployRoutes({
      defaultHost,
      request: (input: DeploymentRequest, by: string) => requests.request(input, by),
      list: (filter) => store.list(filter),
      get: (id) => store.get(id),
      cancel,
      watch: store.watch,
      shutdown: deps.shutdown,
    }),
    async stop() {},
  };
}
