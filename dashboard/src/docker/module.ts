// Docker management as one piece for the composition root: the engines from
// DOCKER_HOSTS, the action store, a state watcher per engine and the HTTP
// routes. service.ts mounts `routes` under /api/docker and defers `stop()`.
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { Config } from '../config.ts';
import {
  createContainerActionStore,
  createStateChangePublisher,
} from '../db/container-action-store.ts';
import { createContainerManager } from '../domain/container-manager.ts';
import { watchContainerStates } from '../events/container-state-watcher.ts';
import { dockerRoutes } from '../http/docker.routes.ts';
import { createDockerodeEngine } from './dockerode-engine.ts';
import { parseDockerHosts } from './hosts.ts';

export interface DockerModuleDeps {
  config: Pick<Config, 'docker'>;
  sql: SqlDatabase;
  logger: Logger;
  /** Aborted when the service stops: open log and stats streams end. */
  shutdown: AbortSignal;
}

export function createDockerModule(deps: DockerModuleDeps) {
  const { docker } = deps.config;
  const engines = parseDockerHosts(docker.hosts, docker.socket).map(createDockerodeEngine);
  const manager = createContainerManager({
    engines,
    store: createContainerActionStore(deps.sql),
    stackContainers: docker.stackContainers,
  });
  const watchers = engines.map((engine) =>
    watchContainerStates({
      engine,
      publish: createStateChangePublisher(deps.sql, engine.host.name),
      logger: deps.logger.child({ component: 'docker', host: engine.host.name }),
    }),
  );
  return {
    /** The engines, one per configured host (deployments use them too). */
    engines,
    manager,
    routes: dockerRoutes(manager, deps.shutdown),
    async stop() {
      await Promise.all(watchers.map((w) => w.stop()));
    },
  };
}
