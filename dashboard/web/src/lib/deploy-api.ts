// The deployments calls of the UI: ask for one, the history, one with its
// steps, cancel. Live changes come over /api/deployments/:id/events
// (components/deploy-progress.tsx).
import { queryString } from '@homelab/nats/ui';
import { api } from './api.ts';

const { call } = api;
const enc = encodeURIComponent;

export type DeploymentStatus =
  | 'queued'
  | 'pulling'
  | 'creating'
  | 'starting'
  | 'waiting_healthy'
  | 'succeeded'
  | 'rolling_back'
  | 'rolled_back'
  | 'failed'
  | 'cancelled';

export const FINISHED: ReadonlySet<DeploymentStatus> = new Set([
  'succeeded',
  'rolled_back',
  'failed',
  'cancelled',
]);

export interface DeploymentStep {
  at: string;
  step: string;
  message: string;
}

export interface Deployment {
  id: string;
  host: string;
  target: string;
  image: string;
  pull: boolean;
  status: DeploymentStatus;
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

export interface DeployInput {
  host: string;
  target: string;
  image?: string;
  pull: boolean;
  confirm?: boolean;
}

/** 202 with the ids; 409 `confirmation_required` for a stack container until confirm is true. */
export const requestDeploy = (input: DeployInput) =>
  call<{ deploymentId: string; jobId: string; deployment: Deployment }>('/api/deploy', {
    method: 'POST',
    body: input,
  });

export const fetchDeployments = (target?: string, limit = 30) =>
  call<{ deployments: Deployment[] }>(`/api/deployments${queryString({ target, limit })}`);

export const fetchDeployment = (id: string) =>
  call<{ deployment: Deployment }>(`/api/deployments/${enc(id)}`);

export const cancelDeployment = (id: string) =>
  call<{ deployment: Deployment }>(`/api/deployments/${enc(id)}/cancel`, {
    method: 'POST',
    body: {},
  });

export const deploymentEventsUrl = (id: string) => `/api/deployments/${enc(id)}/events`;

/** What a status means for a person. */
export const STATUS_TEXT: Record<DeploymentStatus, string> = {
  queued: 'queued',
  pulling: 'getting the image',
  creating: 'replacing the container',
  starting: 'starting',
  waiting_healthy: 'waiting until healthy',
  succeeded: 'succeeded',
  rolling_back: 'rolling back',
  rolled_back: 'rolled back',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function statusBadge(status: DeploymentStatus): string {
  if (status === 'succeeded') return 'badge badge-ok';
  if (status === 'failed' || status === 'rolled_back') return 'badge badge-bad';
  return 'badge badge-warn';
}
