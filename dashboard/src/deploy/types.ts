// What a deployment is, for every part of deploy/: its statuses, its steps and
// its record. No I/O here.
import type { events, EventData } from '@homelab/nats';

export const DEPLOYMENT_STATUSES = [
  'queued',
  'pulling',
  'creating',
  'starting',
  'waiting_healthy',
  'succeeded',
  'rolling_back',
  'rolled_back',
  'failed',
  'cancelled',
] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** A deployment in one of these has ended; the others are still running (or queued). */
export const FINISHED: ReadonlySet<DeploymentStatus> = new Set([
  'succeeded',
  'rolled_back',
  'failed',
  'cancelled',
]);
export const ACTIVE_STATUSES = DEPLOYMENT_STATUSES.filter((s) => !FINISHED.has(s));

export type DeployPhase = EventData<typeof events.deploymentFailed>['phase'];

export interface DeploymentStep {
  at: string;
  /** A short machine word: started, pulled, renamed, stopped, created, healthy, rolled-back … */
  step: string;
  /** What happened, for a person. */
  message: string;
}

export interface Deployment {
  id: string;
  host: string;
  /** The container name or compose service as given. */
  target: string;
  /** The image deployed. */
  image: string;
  pull: boolean;
  status: DeploymentStatus;
  /** The image reference of the container that was replaced. */
  previousImage: string | null;
  previousContainerId: string | null;
  newContainerId: string | null;
  error: string | null;
  steps: DeploymentStep[];
  jobId: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface DeploymentRequest {
  host: string;
  target: string;
  /** Default: the image reference the container runs now. */
  image?: string;
  pull: boolean;
  /** Needed for a container of the homelab stack. */
  confirm?: boolean;
}

/** The label a deployment puts on the container it creates, naming itself. */
export const DEPLOYMENT_LABEL = 'homelab.deployment';
