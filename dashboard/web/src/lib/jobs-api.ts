// The background jobs calls of the UI: the list (filtered), cancel. Live
// changes of every job come over /api/jobs/events (routes/jobs.tsx).
import { queryString } from '@homelab/nats/ui';
import { api } from './api.ts';

const { call } = api;
const enc = encodeURIComponent;

export const JOB_KINDS = ['deployment', 'plex-import', 'ai-analysis'] as const;
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  payload: unknown;
  result: unknown;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  progressPercent: number | null;
  progressMessage: string | null;
  requestedBy: string;
  cancelRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** What the events stream sends on every change of a job. */
export type JobUpdate = Pick<
  Job,
  | 'id'
  | 'kind'
  | 'status'
  | 'attempts'
  | 'maxAttempts'
  | 'progressPercent'
  | 'progressMessage'
  | 'error'
  | 'updatedAt'
>;

export const JOBS_EVENTS_URL = '/api/jobs/events';

export const KIND_TEXT: Record<JobKind, string> = {
  deployment: 'Deployment',
  'plex-import': 'Plex import',
  'ai-analysis': 'AI analysis',
};

export const FINISHED: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export function statusBadge(status: JobStatus): string {
  if (status === 'succeeded') return 'badge badge-ok';
  if (status === 'failed') return 'badge badge-bad';
  if (status === 'cancelled') return 'badge';
  return 'badge badge-warn';
}

export function fetchJobs(filter: { kind?: JobKind; status?: JobStatus; limit?: number }) {
  return call<{ jobs: Job[] }>(`/api/jobs${queryString(filter)}`);
}

export const cancelJob = (id: string) =>
  call<Job>(`/api/jobs/${enc(id)}/cancel`, { method: 'POST', body: {} });
