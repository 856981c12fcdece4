// Contracts owned by the dashboard: containers, deployments and health checks.
import { z } from 'zod';
import { defineEvent, defineQuery } from './define.ts';
import { isoTime, serviceStartedSchema, text, uuid } from './fields.ts';

const containerState = z.enum([
  'created',
  'running',
  'paused',
  'restarting',
  'exited',
  'dead',
  'removing',
]);
const health = z.enum(['healthy', 'degraded', 'unhealthy', 'unknown']);
const containerId = () => z.string().regex(/^[0-9a-f]{12,64}$/, 'expected a hex container id');
const deploymentId = '4e3d2c1b-0a9f-4e8d-b7c6-5a4b3c2d1e0f';

export const containerStateChanged = defineEvent({
  owner: 'dashboard',
  aggregate: 'container',
  event: 'state-changed',
  version: 1,
  description:
    'A Docker container changed state; from is null for a container seen for the first time.',
  schema: z.object({
    containerId: containerId(),
    name: text(128),
    image: text(255),
    from: containerState.nullable(),
    to: containerState,
    exitCode: z.int().min(-1).max(255).nullable(),
  }),
  example: {
    containerId: '3f9a1c2b7d4e',
    name: 'plex',
    image: 'plexinc/pms-docker:latest',
    from: 'running',
    to: 'exited',
    exitCode: 137,
  },
});

export const containerActionTaken = defineEvent({
  owner: 'dashboard',
  aggregate: 'container',
  event: 'action-taken',
  version: 1,
  description:
    'Someone asked the dashboard to start, stop, restart, pause or unpause a Docker container; ' +
    'error is set when the engine refused or failed.',
  schema: z.object({
    actionId: uuid(),
    host: text(100),
    containerId: containerId(),
    name: text(128),
    image: text(255),
    action: z.enum(['start', 'stop', 'restart', 'pause', 'unpause']),
    outcome: z.enum(['succeeded', 'failed']),
    error: text(2000).nullable(),
    requestedBy: text(100),
    confirmed: z.boolean(),
    durationMs: z.int().min(0).max(3_600_000),
  }),
  example: {
    actionId: '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
    host: 'local',
    containerId: '3f9a1c2b7d4e',
    name: 'plex',
    image: 'plexinc/pms-docker:latest',
    action: 'restart',
    outcome: 'succeeded',
    error: null,
    requestedBy: 'admin',
    confirmed: false,
    durationMs: 1_840,
  },
});

export const deploymentStarted = defineEvent({
  owner: 'dashboard',
  aggregate: 'deployment',
  event: 'started',
  version: 1,
  description: 'A deployment of a target (a stack or service) began.',
  schema: z.object({
    deploymentId: uuid(),
    target: text(100),
    ref: text(100),
    triggeredBy: text(100),
  }),
  example: { deploymentId, target: 'stream-bot', ref: 'v1.4.0', triggeredBy: 'jarvis' },
});

export const deploymentFinished = defineEvent({
  owner: 'dashboard',
  aggregate: 'deployment',
  event: 'finished',
  version: 1,
  description:
    'A deployment ended as asked (succeeded) or was cancelled (rolled back to the previous ' +
    'container); error is set when the outcome is not succeeded. Failed deployments are ' +
    'announced by deployment.failed.v1 instead (the failed outcome stays for older producers).',
  schema: z.object({
    deploymentId: uuid(),
    target: text(100),
    outcome: z.enum(['succeeded', 'failed', 'cancelled']),
    durationMs: z
      .int()
      .min(0)
      .max(7 * 24 * 3600 * 1000),
    error: text(2000).nullable(),
  }),
  example: {
    deploymentId,
    target: 'stream-bot',
    outcome: 'succeeded',
    durationMs: 48_200,
    error: null,
  },
});

export const deploymentFailed = defineEvent({
  owner: 'dashboard',
  aggregate: 'deployment',
  event: 'failed',
  version: 1,
  description:
    'A deployment failed in a phase (prepare: the target or image; pull; replace: renaming, ' +
    'stopping or creating; start; health: the new container did not become healthy); ' +
    'rolledBack says whether the previous container runs again.',
  schema: z.object({
    deploymentId: uuid(),
    target: text(100),
    error: text(2000),
    rolledBack: z.boolean(),
    phase: z.enum(['prepare', 'pull', 'replace', 'start', 'health']),
  }),
  example: {
    deploymentId,
    target: 'stream-bot',
    error: 'stream-bot became unhealthy: healthcheck exited 1',
    rolledBack: true,
    phase: 'health',
  },
});

export const healthChanged = defineEvent({
  owner: 'dashboard',
  aggregate: 'health',
  event: 'changed',
  version: 1,
  description: 'A monitored target moved from one health state to another.',
  schema: z.object({
    target: text(100),
    from: health,
    to: health,
    details: text(1000).nullable(),
  }),
  example: { target: 'nas', from: 'healthy', to: 'degraded', details: 'volume1 is 93% full' },
});

export const dashboardServiceStarted = defineEvent({
  owner: 'dashboard',
  aggregate: 'service',
  event: 'started',
  version: 1,
  description: 'A dashboard instance started and is connected to the bus.',
  schema: serviceStartedSchema,
  example: {
    instanceId: '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b',
    version: '3.2.0',
    hostname: 'dashboard-1',
  },
});

export const healthSummary = defineQuery({
  owner: 'dashboard',
  name: 'health.summary',
  version: 1,
  description: 'The current health of every monitored target.',
  request: z.object({}),
  response: z.object({
    checkedAt: isoTime().nullable(),
    targets: z
      .array(
        z.object({
          target: text(100),
          status: health,
          details: text(1000).nullable(),
          since: isoTime(),
        }),
      )
      .max(500),
  }),
  example: {
    request: {},
    response: {
      checkedAt: '2026-11-27T10:20:00.000Z',
      targets: [
        {
          target: 'nas',
          status: 'degraded',
          details: 'volume1 is 93% full',
          since: '2026-11-27T10:05:00.000Z',
        },
      ],
    },
  },
});
