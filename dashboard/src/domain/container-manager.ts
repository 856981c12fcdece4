// Managing containers across the configured Docker engines: listing them with
// each engine's reachability, acting on one (confirmation for the stack, every
// attempt recorded), and reading its logs and figures.
import type {
  ContainerSummary,
  DockerEngine,
  LogLine,
  LogOptions,
  StatsSample,
} from '../docker/engine.ts';
import {
  isStackContainer,
  lineMatcher,
  requireConfirmation,
  type ContainerAction,
  type ContainerActionRecord,
  type ContainerActionStore,
} from './containers.ts';
import { DomainError } from './errors.ts';

export interface HostView {
  name: string;
  address: string;
  reachable: boolean;
  version: string | null;
  error: string | null;
}

export type ContainerView = Omit<ContainerSummary, 'labels'> & { host: string; stack: boolean };

export interface ActionRequest {
  host: string;
  id: string;
  action: ContainerAction;
  confirm: boolean;
  requestedBy: string;
}

export interface ContainerManagerDeps {
  engines: DockerEngine[];
  store: ContainerActionStore;
  stackContainers: readonly string[];
  now?: () => Date;
}

const settle = async <T>(p: Promise<T>) =>
  (await Promise.allSettled([p]))[0] as PromiseSettledResult<T>;

export type ContainerManager = ReturnType<typeof createContainerManager>;

export function createContainerManager(deps: ContainerManagerDeps) {
  const now = deps.now ?? (() => new Date());
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

  const view = (host: string, c: ContainerSummary): ContainerView => {
    const { labels: _labels, ...rest } = c;
    return { host, ...rest, stack: isStackContainer(c, deps.stackContainers) };
  };

  async function hostView(e: DockerEngine): Promise<HostView> {
    const base = { name: e.host.name, address: e.host.address };
    try {
      return { ...base, reachable: true, version: await e.version(), error: null };
    } catch (err) {
      return { ...base, reachable: false, version: null, error: (err as Error).message };
    }
  }

  return {
    hosts: (): Promise<HostView[]> => Promise.all(deps.engines.map(hostView)),

    /** Every container of one host or all; 'unavailable' when no engine asked answers. */
    async containers(host: string | undefined, all: boolean) {
      const engines = host === undefined ? deps.engines : [engine(host)];
      const results = await Promise.all(
        engines.map(async (e) => {
          // hostView never throws: an unreachable engine is a host with an error.
          const [h, list] = await Promise.all([hostView(e), settle(e.list(all))]);
          if (list.status === 'rejected') {
            const error = (list.reason as Error).message;
            return { host: { ...h, reachable: false, version: null, error }, containers: [] };
          }
          return { host: h, containers: list.value.map((c) => view(e.host.name, c)) };
        }),
      );
      const hosts = results.map((r) => r.host);
      if (!hosts.some((h) => h.reachable)) {
        throw new DomainError('unavailable', hosts.map((h) => h.error).join('; '));
      }
      return { hosts, containers: results.flatMap((r) => r.containers) };
    },

    async container(host: string, id: string): Promise<ContainerView> {
      const e = engine(host);
      return view(host, await e.inspect(id));
    },

    /**
     * Asks the engine to act. Unknown hosts and containers, and a missing
     * confirmation, change nothing; any attempt on the engine is recorded, failed
     * ones too, and a failure is thrown after its record is written.
     */
    async act(req: ActionRequest) {
      const e = engine(req.host);
      const target = await e.inspect(req.id);
      const stack = isStackContainer(target, deps.stackContainers);
      requireConfirmation(target, req.action, stack, req.confirm);
      const started = now();
      let failure: unknown;
      try {
        await e.act(target.id, req.action);
      } catch (err) {
        failure = err;
      }
      const action: ContainerActionRecord = await deps.store.record(
        {
          host: req.host,
          containerId: target.id,
          name: target.name,
          image: target.image,
          action: req.action,
          outcome: failure === undefined ? 'succeeded' : 'failed',
          error: failure === undefined ? null : (failure as Error).message,
          requestedBy: req.requestedBy,
          confirmed: stack && req.confirm,
          durationMs: Math.max(0, now().getTime() - started.getTime()),
        },
        started,
      );
      if (failure !== undefined) throw failure;
      const after = await settledState(e, target, req.action);
      return { action, container: view(req.host, after) };
    },

    async logs(host: string, id: string, options: LogOptions & { search?: string }) {
      const matches = lineMatcher(options.search);
      const lines = await engine(host).logs(id, options);
      return lines.filter((l) => matches(l.text));
    },

    async *followLogs(
      host: string,
      id: string,
      options: LogOptions & { search?: string },
      signal: AbortSignal,
    ): AsyncGenerator<LogLine> {
      const matches = lineMatcher(options.search);
      for await (const line of engine(host).followLogs(id, options, signal)) {
        if (matches(line.text)) yield line;
      }
    },

    stats: (host: string, id: string): Promise<StatsSample> => engine(host).stats(id),

    streamStats: (host: string, id: string, signal: AbortSignal) =>
      engine(host).streamStats(id, signal),

    history: (limit: number) => deps.store.recent(limit),
  };
}

const SETTLED_STATE: Record<ContainerAction, ContainerSummary['state']> = {
  start: 'running',
  restart: 'running',
  unpause: 'running',
  pause: 'paused',
  stop: 'exited',
};
const SETTLE_WAIT_MS = 3_000;

/**
 * The container as it is after an action. The engine's container list (where the
 * summary's state comes from) can trail an action it has already answered, above all
 * on a busy machine, so the answer waits briefly for the state the action leads to;
 * after that it reports whatever the engine says.
 */
async function settledState(
  e: DockerEngine,
  target: ContainerSummary,
  action: ContainerAction,
): Promise<ContainerSummary> {
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (;;) {
    const seen = await e.inspect(target.id).catch(() => undefined);
    if (!seen) return target;
    if (seen.state === SETTLED_STATE[action] || Date.now() >= deadline) return seen;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
