// The tools Jarvis offers the model. Read-only tools answer at once from the
// dashboard's read models, its health monitor, the container manager and the
// deployments' and jobs' lists. Tools that change something are never run by
// the model: their arguments are checked and turned into a proposal that a
// person approves (then `execute` runs) or rejects.
import { z } from 'zod';
import type { LatestFact } from '../domain/latest-fact.ts';
import type { ContainerManager } from '../domain/container-manager.ts';
import { checkContainerRef } from '../domain/containers.ts';
import type { HealthMonitor } from '../domain/health.ts';
import type { ReadModel } from '../domain/read-model.ts';
import type {
  ModerationAction,
  ModerationLog,
  OpenTickets,
  TicketEvent,
} from '../domain/read-model-discord.ts';
import type { BotStatus, BotStatusChange } from '../domain/read-model-streambot.ts';

/** deployments → jarvis (deploy/module.ts). */
export type RequestDeployment = (
  input: { host: string; target: string; image?: string; pull: boolean; confirm?: boolean },
  requestedBy: string,
) => Promise<{ deploymentId: string; jobId: string }>;
/** plex → jarvis (plex/module.ts). */
export type RequestImport = (
  input: { mode: 'move' | 'copy' },
  requestedBy: string,
) => Promise<{ jobId: string }>;
/** The newest items of a list (deployments, jobs), as their module answers them. */
export type ListRecent = (limit: number) => Promise<unknown[]>;

export interface JarvisToolDeps {
  readModels: {
    latestFact: LatestFact;
    botStatus: ReadModel<BotStatus, BotStatusChange>;
    tickets: ReadModel<OpenTickets, TicketEvent>;
    moderation: ReadModel<ModerationLog, Omit<ModerationAction, 'createdAt'>>;
  };
  health: Pick<HealthMonitor, 'summary'>;
  containers: ContainerManager;
  /** Absent until the deployments module is wired: the tool is then not offered. */
  listDeployments?: ListRecent;
  listJobs?: ListRecent;
  requestDeployment?: RequestDeployment;
  requestImport?: RequestImport;
}

interface ToolBase<A> {
  name: string;
  description: string;
  args: z.ZodType<A>;
}

export interface ReadTool<A = Record<string, unknown>> extends ToolBase<A> {
  kind: 'read';
  run(args: A): Promise<unknown>;
}

export interface ActionTool<A = Record<string, unknown>> extends ToolBase<A> {
  kind: 'action';
  /** Checks the target exists and says what will happen; throws when it cannot. */
  describe(args: A): Promise<string>;
  /** Runs the approved action. */
  execute(args: A, requestedBy: string): Promise<{ result: unknown; jobId?: string }>;
}

export type JarvisTool = ReadTool<any> | ActionTool<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'expected a Docker host name such as local');
const CONTAINER = z
  .string()
  .min(1)
  .max(128)
  .transform((v, ctx) => {
    try {
      return checkContainerRef(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
const none = z.object({});

function read<A>(tool: Omit<ReadTool<A>, 'kind'>): ReadTool<A> {
  return { kind: 'read', ...tool };
}
function action<A>(tool: Omit<ActionTool<A>, 'kind'>): ActionTool<A> {
  return { kind: 'action', ...tool };
}

const containerRef = z.object({
  host: HOST.default('local').describe('The Docker host (default local)'),
  container: CONTAINER.describe('The container name or id'),
});

export function createJarvisTools(deps: JarvisToolDeps): JarvisTool[] {
  const { readModels, containers } = deps;
  const tools: JarvisTool[] = [
    read({
      name: 'get_latest_fact',
      description: "stream-bot's newest fact (as the dashboard's copy holds it)",
      args: none,
      run: () => readModels.latestFact.read(),
    }),
    read({
      name: 'get_bot_status',
      description: "stream-bot's chat bot: connected or not, its channels, since when",
      args: none,
      run: () => readModels.botStatus.read(),
    }),
    read({
      name: 'get_open_tickets',
      description: "discord-bot's open support tickets: counts and the newest ones",
      args: z.object({ limit: z.number().int().min(1).max(50).default(10) }),
      run: async ({ limit }) => {
        const view = await readModels.tickets.read();
        return { ...view, data: { ...view.data, tickets: view.data.tickets.slice(0, limit) } };
      },
    }),
    read({
      name: 'get_moderation_summary',
      description: "discord-bot's recent moderation actions: counts per kind and the latest",
      args: none,
      run: async () => {
        const { data, ...freshness } = await readModels.moderation.read();
        const counts: Record<string, number> = {};
        for (const a of data.actions) counts[a.action] = (counts[a.action] ?? 0) + 1;
        return {
          ...freshness,
          total: data.actions.length,
          counts,
          latest: data.actions.slice(0, 5),
        };
      },
    }),
    read({
      name: 'list_containers',
      description: 'Containers of the Docker hosts with state, health and image',
      args: z.object({
        host: HOST.optional().describe('Only this Docker host'),
        all: z.boolean().default(true).describe('Include stopped containers'),
      }),
      run: async ({ host, all }) => {
        const answer = await containers.containers(host, all);
        return {
          hosts: answer.hosts.map((h) => ({
            name: h.name,
            reachable: h.reachable,
            error: h.error,
          })),
          containers: answer.containers.map((c) => ({
            host: c.host,
            name: c.name,
            state: c.state,
            health: c.health,
            status: c.status,
            image: c.image,
            stack: c.stack,
          })),
        };
      },
    }),
    read({
      name: 'get_container_logs',
      description: "The newest lines of a container's log",
      args: containerRef.extend({ tail: z.number().int().min(1).max(200).default(50) }),
      run: async ({ host, container, tail }) => {
        const lines = await containers.logs(host, container, { tail });
        return lines.map((l) => `${l.stream === 'stderr' ? '! ' : ''}${l.text}`).join('\n');
      },
    }),
    read({
      name: 'get_health_summary',
      description: 'The health of the homelab: overall status, each target, services, the host',
      args: none,
      run: async () => {
        const s = await deps.health.summary();
        return {
          status: s.status,
          checkedAt: s.checkedAt,
          targets: s.targets.map((t) => ({
            target: t.target,
            status: t.status,
            details: t.details,
          })),
          services: s.services.map((svc) => ({ name: svc.name, instances: svc.instances.length })),
        };
      },
    }),
    action({
      name: 'restart_container',
      description:
        "Restart a container. Needs the user's approval: you only propose it, the user decides.",
      args: containerRef,
      describe: async ({ host, container }) => {
        const c = await containers.container(host, container);
        return `Restart container ${c.name} on ${host}${c.stack ? ' (part of the homelab stack)' : ''}`;
      },
      execute: async ({ host, container }, requestedBy) => {
        // Approving the proposal is the confirmation a stack container asks for.
        const done = await containers.act({
          host,
          id: container,
          action: 'restart',
          confirm: true,
          requestedBy,
        });
        return {
          result: {
            container: done.container.name,
            state: done.container.state,
            status: done.container.status,
            actionId: done.action.id,
          },
        };
      },
    }),
  ];

  if (deps.listDeployments) {
    const list = deps.listDeployments;
    tools.push(
      read({
        name: 'list_deployments',
        description: 'The newest deployments with their status',
        args: z.object({ limit: z.number().int().min(1).max(20).default(10) }),
        run: ({ limit }) => list(limit),
      }),
    );
  }
  if (deps.listJobs) {
    const list = deps.listJobs;
    tools.push(
      read({
        name: 'list_jobs',
        description: 'The newest background jobs (deployments, imports, analyses) with status',
        args: z.object({ limit: z.number().int().min(1).max(20).default(10) }),
        run: ({ limit }) => list(limit),
      }),
    );
  }
  if (deps.requestDeployment) {
    const request = deps.requestDeployment;
    tools.push(
      action({
        name: 'deploy_service',
        description:
          'Redeploy a container of the stack (pull, recreate, wait healthy, roll back on failure). ' +
          "Needs the user's approval: you only propose it.",
        args: z.object({
          host: HOST.default('local'),
          target: CONTAINER.describe('The container to redeploy'),
          image: z
            .string()
            .min(1)
            .max(255)
            .optional()
            .describe('Another image to deploy (default: the same)'),
          pull: z.boolean().default(true).describe('Pull the image first'),
        }),
        describe: async ({ host, target, image, pull }) => {
          const c = await containers.container(host, target);
          const what = image ? `image ${image}` : `its image ${c.image}`;
          return `Deploy ${c.name} on ${host} with ${what}${pull ? ', pulled first' : ''}`;
        },
        execute: async (args, requestedBy) => {
          // Approving the proposal is the confirmation a stack container asks for.
          const out = await request({ ...args, confirm: true }, requestedBy);
          return { result: out, jobId: out.jobId };
        },
      }),
    );
  }
  if (deps.requestImport) {
    const request = deps.requestImport;
    tools.push(
      action({
        name: 'import_media',
        description:
          "Import the media waiting in the import folder into the Plex library. Needs the user's approval.",
        args: z.object({ mode: z.enum(['move', 'copy']).default('copy') }),
        describe: async ({ mode }) =>
          `Import media from the import folder into Plex (${mode === 'move' ? 'moving' : 'copying'} the files)`,
        execute: async (args, requestedBy) => {
          const out = await request(args, requestedBy);
          return { result: out, jobId: out.jobId };
        },
      }),
    );
  }
  return tools;
}

/** The tools in the API's shape, their parameters from the zod schemas. */
export function toolDefinitions(tools: JarvisTool[]) {
  return tools.map((t) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(t.args, { io: 'input' }) as Record<
      string,
      unknown
    >;
    return {
      type: 'function' as const,
      function: { name: t.name, description: t.description, parameters },
    };
  });
}
