// Asking for a deployment: the input is checked, the target found on its engine
// (by container name, or by the compose service it runs), the stack's
// confirmation asked for, the local image checked when it is not pulled; then
// the deployment row and its job are written together. Nothing is written when
// any of this fails.
import type { ContainerDetails, DockerEngine } from '../docker/engine.ts';
import { COMPOSE_SERVICE_LABEL, isStackContainer } from '../domain/containers.ts';
import { DomainError } from '../domain/errors.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { DeploymentStore } from './store.ts';
import type { Deployment, DeploymentRequest } from './types.ts';

export const TARGET = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
// An image reference: [registry[:port]/]path[:tag][@sha256:digest].
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
export const IMAGE_REF = new RegExp(
  `^(?:[A-Za-z0-9.-]+(?::[0-9]+)?/)?${COMPONENT}(?:/${COMPONENT})*` +
    '(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$',
);
const ASIDE = /-previous-[0-9a-f]{12}$/;

export interface RequestDeps {
  engines: DockerEngine[];
  store: DeploymentStore;
  jobs: Pick<JobQueue, 'enqueue'>;
  stackContainers: readonly string[];
}

const invalid = (text: string) => new DomainError('invalid_input', text);

export function checkImageRef(image: string): string {
  if (image.length > 255 || !IMAGE_REF.test(image)) {
    throw invalid(
      `"${image.slice(0, 80)}" is not an image reference such as localhost/app:2 or ` +
        'registry.example.org:5000/team/app:1.4',
    );
  }
  return image;
}

export function createDeploymentRequests(deps: RequestDeps) {
  const byName = new Map(deps.engines.map((e) => [e.host.name, e]));

  function engine(host: string): DockerEngine {
    const found = byName.get(host);
    if (!found) {
      throw new DomainError(
        'not_found',
        `no Docker host named "${host.slice(0, 64)}" (configured: ${[...byName.keys()].join(', ')})`,
      );
    }
    return found;
  }

  /** The container a target names: itself, or the one container of that compose service. */
  async function resolve(e: DockerEngine, target: string): Promise<ContainerDetails> {
    try {
      return await e.inspectDetails(target);
    } catch (err) {
      if (!(err instanceof DomainError && err.code === 'not_found')) throw err;
    }
    const services = (await e.list(true)).filter(
      (c) => c.labels[COMPOSE_SERVICE_LABEL] === target && !ASIDE.test(c.name),
    );
    if (services.length === 0) {
      throw new DomainError(
        'not_found',
        `no container or compose service named ${target} on Docker host ${e.host.name}`,
      );
    }
    if (services.length > 1) {
      throw new DomainError(
        'conflict',
        `the compose service ${target} runs ${services.length} containers ` +
          `(${services.map((c) => c.name).join(', ')}): deploy one of them by name`,
      );
    }
    return e.inspectDetails(services[0]!.id);
  }

  return {
    engine,

    async request(input: DeploymentRequest, requestedBy: string): Promise<Deployment> {
      if (!HOST.test(input.host))
        throw invalid(`"${input.host.slice(0, 40)}" is not a Docker host name`);
      if (!TARGET.test(input.target)) {
        throw invalid(
          `"${input.target.slice(0, 40)}" is not a container or service name ` +
            '(letters, digits, _ . -, starting with a letter or digit)',
        );
      }
      if (input.image !== undefined) checkImageRef(input.image);
      if (ASIDE.test(input.target)) {
        throw invalid(
          `${input.target} is a previous container a deployment set aside: deploy its service`,
        );
      }
      const e = engine(input.host);
      const container = await resolve(e, input.target);
      if (isStackContainer(container, deps.stackContainers) && input.confirm !== true) {
        throw new DomainError(
          'confirmation_required',
          `${container.name} is part of the homelab stack: deploy it only with {"confirm": true}`,
        );
      }
      const image = input.image ?? container.image;
      if (!input.pull) {
        try {
          await e.inspectImage(image);
        } catch (err) {
          if (err instanceof DomainError && err.code === 'not_found') {
            throw new DomainError(
              'not_found',
              `no image ${image} on Docker host ${e.host.name}: build or load it there, or deploy with pull: true`,
            );
          }
          throw err;
        }
      }
      return deps.store.create(
        {
          host: input.host,
          target: input.target,
          image,
          pull: input.pull,
          previousImage: container.image,
          previousContainerId: container.id,
          requestedBy,
        },
        (tx, ids) =>
          deps.jobs.enqueue(
            'deployment',
            { deploymentId: ids.deploymentId },
            { tx, jobId: ids.jobId, requestedBy },
          ),
      );
    },
  };
}
