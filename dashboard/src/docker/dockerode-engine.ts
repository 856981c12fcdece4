// DockerEngine on the real Engine API through dockerode. Plain requests carry a
// timeout (an engine that accepts connections but never answers must not hang a
// page); streams run until their caller's signal aborts.
import type { Readable } from 'node:stream';
import Docker from 'dockerode';
import {
  specOf,
  splitNetworks,
  type ImageDefaults,
  type InspectedContainer,
} from './container-spec.ts';
import { engineError } from './engine-errors.ts';
import type {
  ContainerAction,
  ContainerDetails,
  ContainerHealth,
  ContainerState,
  ContainerSummary,
  DockerEngine,
  EngineEvent,
  LogLine,
  LogOptions,
  StatsSample,
} from './engine.ts';
import type { DockerHost } from './hosts.ts';
import { DomainError } from '../domain/errors.ts';
import { createLogDecoder, decodeLogs } from './log-frames.ts';
import { toStatsSample, type RawStats } from './stats.ts';

const REQUEST_TIMEOUT_MS = 5_000;
// stop and restart wait for the container to exit (10 s before the engine kills it).
const ACTION_TIMEOUT_MS = 60_000;
// Creating a container can take a while on a busy engine (layers, networks).
const CREATE_TIMEOUT_MS = 60_000;

const STATES: readonly ContainerState[] = [
  'created',
  'running',
  'paused',
  'restarting',
  'exited',
  'dead',
  'removing',
];

function healthOf(status: string): ContainerHealth | null {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return null;
}

function toSummary(c: Docker.ContainerInfo): ContainerSummary {
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    image: c.Image,
    state: STATES.find((s) => s === c.State) ?? 'dead',
    status: c.Status,
    health: healthOf(c.Status),
    ports: (c.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      publicPort: p.PublicPort ?? null,
      type: p.Type,
      ip: p.IP ?? null,
    })),
    createdAt: new Date(c.Created * 1000).toISOString(),
    labels: c.Labels ?? {},
  };
}

/**
 * A moment as the engine reads `since`: Unix seconds, a dot and nine digits of
 * nanoseconds (fewer digits would be read as nanoseconds, not as a fraction).
 */
export function engineTime(at: Date): string {
  const ms = at.getTime();
  const seconds = Math.floor(ms / 1000);
  return `${seconds}.${String((ms - seconds * 1000) * 1_000_000).padStart(9, '0')}`;
}

function logQuery(options: LogOptions) {
  const query = { stdout: true, stderr: true, timestamps: true, tail: options.tail };
  if (!options.since) return query;
  // The types say number; the engine takes the string too.
  return { ...query, since: engineTime(options.since) as unknown as number };
}

/** Yields each newline-separated JSON document of a stream (stats, events). */
async function* jsonLines<T>(stream: Readable): AsyncGenerator<T> {
  let buffer = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line) yield JSON.parse(line) as T;
    }
  }
}

interface RawEvent {
  Action?: string;
  status?: string;
  id?: string;
  from?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

type VersionCall = (opts: { abortSignal: AbortSignal }) => Promise<{ Version: string }>;

interface RawPull {
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  progressDetail?: { current?: number; total?: number };
}

function toDetails(
  info: Docker.ContainerInspectInfo,
  image: ImageDefaults | null,
): ContainerDetails {
  const state = STATES.find((s) => s === info.State.Status) ?? 'dead';
  const health = info.State.Health?.Status;
  const check = info.Config.Healthcheck?.Test;
  const lastLog = info.State.Health?.Log?.at(-1);
  const started = info.State.StartedAt;
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: info.Config.Image,
    imageId: info.Image,
    state,
    health: health === 'healthy' || health === 'unhealthy' || health === 'starting' ? health : null,
    hasHealthcheck: Array.isArray(check) && check.length > 0 && check[0] !== 'NONE',
    lastHealthOutput:
      lastLog && lastLog.ExitCode !== 0 ? lastLog.Output.trim().slice(0, 500) || null : null,
    // A container that restarts keeps its last exit code while it runs again.
    exitCode:
      state === 'exited' || state === 'dead' || info.RestartCount > 0 || state === 'restarting'
        ? info.State.ExitCode
        : null,
    startedAt: started && !started.startsWith('0001-') ? started : null,
    restartCount: info.RestartCount,
    labels: info.Config.Labels ?? {},
    spec: specOf(info as unknown as InspectedContainer, image),
  };
}

export function createDockerodeEngine(host: DockerHost): DockerEngine {
  // host: undefined keeps a DOCKER_HOST in the environment from overriding a socket path.
  const docker =
    'socketPath' in host.connection
      ? new Docker({ socketPath: host.connection.socketPath, host: undefined })
      : new Docker({ ...host.connection });
  const timeout = (ms = REQUEST_TIMEOUT_MS) => AbortSignal.timeout(ms);

  async function call<T>(
    run: () => Promise<T>,
    context: { container?: string; action?: ContainerAction; timeoutMs?: number } = {},
  ): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw engineError(host, err, { timeoutMs: REQUEST_TIMEOUT_MS, ...context });
    }
  }

  /** Runs a stream to its end, translating failures; a caller's abort ends it quietly. */
  async function* guarded<T>(
    open: () => Promise<Readable>,
    read: (stream: Readable) => AsyncIterable<T>,
    signal: AbortSignal,
    container?: string,
  ): AsyncGenerator<T> {
    const stream = await call(open, { container });
    const stop = () => stream.destroy();
    signal.addEventListener('abort', stop);
    try {
      yield* read(stream);
    } catch (err) {
      if (!signal.aborted) throw engineError(host, err, { container });
    } finally {
      signal.removeEventListener('abort', stop);
      stream.destroy();
    }
  }

  const tty = async (id: string) =>
    (
      await call(() => docker.getContainer(id).inspect({ abortSignal: timeout() }), {
        container: id,
      })
    ).Config.Tty;

  return {
    host,

    async version() {
      const version = docker.version.bind(docker) as unknown as VersionCall;
      return (await call(() => version({ abortSignal: timeout() }))).Version;
    },

    async list(all) {
      const found = await call(() => docker.listContainers({ all, abortSignal: timeout() }));
      return found.map(toSummary).sort((a, b) => a.name.localeCompare(b.name));
    },

    async inspect(idOrName) {
      const info = await call(
        () => docker.getContainer(idOrName).inspect({ abortSignal: timeout() }),
        { container: idOrName },
      );
      const [found] = await call(() =>
        docker.listContainers({ all: true, filters: { id: [info.Id] }, abortSignal: timeout() }),
      );
      if (!found) throw engineError(host, { statusCode: 404 }, { container: idOrName });
      return toSummary(found);
    },

    async act(id, action) {
      const c = docker.getContainer(id);
      const abortSignal = timeout(ACTION_TIMEOUT_MS);
      const context = { container: id, action, timeoutMs: ACTION_TIMEOUT_MS };
      await call(() => {
        switch (action) {
          case 'start':
            return c.start({ abortSignal });
          case 'stop':
            return c.stop({ abortSignal });
          case 'restart':
            return c.restart({ abortSignal });
          case 'pause':
            return c.pause({ abortSignal });
          case 'unpause':
            return c.unpause({ abortSignal });
        }
      }, context);
    },

    async logs(id, options: LogOptions): Promise<LogLine[]> {
      const isTty = await tty(id);
      const body = await call(
        () =>
          docker
            .getContainer(id)
            .logs({ ...logQuery(options), follow: false, abortSignal: timeout() }),
        { container: id },
      );
      return decodeLogs(body, isTty);
    },

    async *followLogs(id, options, signal) {
      const decoder = createLogDecoder(await tty(id));
      const lines = guarded(
        async () =>
          (await docker
            .getContainer(id)
            .logs({ ...logQuery(options), follow: true, abortSignal: signal })) as Readable,
        async function* (stream) {
          for await (const chunk of stream as AsyncIterable<Buffer>) yield* decoder.push(chunk);
          yield* decoder.end();
        },
        signal,
        id,
      );
      yield* lines;
    },

    async stats(id): Promise<StatsSample> {
      const raw = await call(
        () => docker.getContainer(id).stats({ stream: false, abortSignal: timeout() } as object),
        { container: id },
      );
      return toStatsSample(raw as RawStats);
    },

    async *streamStats(id, signal) {
      yield* guarded(
        async () =>
          (await docker
            .getContainer(id)
            .stats({ stream: true, abortSignal: signal } as { stream: true })) as Readable,
        async function* (stream) {
          for await (const raw of jsonLines<RawStats>(stream)) yield toStatsSample(raw);
        },
        signal,
        id,
      );
    },

    async pull(image, onProgress, signal) {
      const context = { container: undefined, timeoutMs: undefined };
      const failed = (detail: string, cause?: unknown) =>
        new DomainError(
          'unavailable',
          // dockerode puts "(HTTP code 500) server error - " before the engine's own words.
          `pulling ${image} on ${host.name} failed: ${detail.replace(/^\(HTTP code \d+\)[^-]*- /, '').trim()} ` +
            '(is the registry reachable? deploy with pull: false to use the local image)',
          { cause },
        );
      let stream: Readable;
      try {
        stream = (await docker.pull(image, { abortSignal: signal })) as Readable;
      } catch (err) {
        const e = err as { statusCode?: number; json?: { message?: string }; message?: string };
        if (signal.aborted) throw engineError(host, err, context);
        if (e.statusCode === 404) {
          throw new DomainError('not_found', `no image ${image} in its registry (${host.name})`, {
            cause: err,
          });
        }
        if (e.statusCode !== undefined) throw failed(e.json?.message ?? e.message ?? '', err);
        throw engineError(host, err, context);
      }
      const stop = () => stream.destroy();
      signal.addEventListener('abort', stop);
      try {
        for await (const line of jsonLines<RawPull>(stream)) {
          const error = line.errorDetail?.message ?? line.error;
          if (error) throw failed(error);
          const { current, total } = line.progressDetail ?? {};
          onProgress({
            status: line.status ?? '',
            layer: line.id ?? null,
            percent: current && total ? Math.min(100, Math.round((current / total) * 100)) : null,
          });
        }
      } catch (err) {
        if (err instanceof DomainError) throw err;
        throw signal.aborted
          ? new DomainError('conflict', `pulling ${image} was cancelled`, { cause: err })
          : engineError(host, err, context);
      } finally {
        signal.removeEventListener('abort', stop);
        stream.destroy();
      }
      if (signal.aborted) throw new DomainError('conflict', `pulling ${image} was cancelled`);
    },

    async inspectImage(ref) {
      try {
        const info = await docker.getImage(ref).inspect({ abortSignal: timeout() } as object);
        return { id: info.Id, tags: info.RepoTags ?? [] };
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) {
          throw new DomainError('not_found', `no image ${ref} on Docker host ${host.name}`, {
            cause: err,
          });
        }
        throw engineError(host, err);
      }
    },

    async inspectDetails(idOrName) {
      const info = await call(
        () => docker.getContainer(idOrName).inspect({ abortSignal: timeout() }),
        { container: idOrName },
      );
      // The image may be gone (removed after the container was made): then every field is kept.
      const image = await docker
        .getImage(info.Image)
        .inspect({ abortSignal: timeout() } as object)
        .then((i) => i.Config as unknown as ImageDefaults)
        .catch(() => null);
      return toDetails(info, image);
    },

    async create(name, spec, image) {
      const { body, later } = splitNetworks({ ...spec, ...(image ? { Image: image } : {}) });
      const created = await call(
        () =>
          docker.createContainer({
            ...(body as Docker.ContainerCreateOptions),
            name,
            abortSignal: timeout(CREATE_TIMEOUT_MS),
          } as Docker.ContainerCreateOptions),
        { container: name, timeoutMs: CREATE_TIMEOUT_MS },
      );
      for (const [network, endpoint] of later) {
        await call(
          () =>
            docker.getNetwork(network).connect({
              Container: created.id,
              EndpointConfig: endpoint,
              abortSignal: timeout(),
            } as object),
          { container: name },
        );
      }
      return created.id;
    },

    async rename(id, name) {
      await call(() => docker.getContainer(id).rename({ name, abortSignal: timeout() } as object), {
        container: id,
      });
    },

    async remove(id, options = {}) {
      await call(
        () =>
          docker.getContainer(id).remove({
            force: options.force ?? false,
            v: false,
            abortSignal: timeout(ACTION_TIMEOUT_MS),
          }),
        { container: id, timeoutMs: ACTION_TIMEOUT_MS },
      );
    },

    async wait(id, signal) {
      const result = (await call(
        () =>
          docker
            .getContainer(id)
            .wait({ condition: 'not-running', abortSignal: signal } as Docker.ContainerWaitOptions),
        { container: id },
      )) as { StatusCode: number };
      return result.StatusCode;
    },

    async *events(signal, since): AsyncGenerator<EngineEvent> {
      const from = since ? { since: engineTime(since) } : {};
      yield* guarded(
        async () =>
          (await docker.getEvents({
            ...from,
            filters: { type: ['container'] },
            abortSignal: signal,
          } as Docker.GetEventsOptions)) as Readable,
        async function* (stream) {
          for await (const e of jsonLines<RawEvent>(stream)) {
            const attributes = e.Actor?.Attributes ?? {};
            const id = e.Actor?.ID ?? e.id;
            if (!id) continue;
            const exit = attributes.exitCode;
            yield {
              action: e.Action ?? e.status ?? '',
              containerId: id,
              name: attributes.name ?? id.slice(0, 12),
              image: attributes.image ?? e.from ?? '',
              exitCode: exit === undefined ? null : Number(exit),
              at: e.timeNano ? new Date(e.timeNano / 1e6) : new Date((e.time ?? 0) * 1000),
            };
          }
        },
        signal,
      );
    },
  };
}
