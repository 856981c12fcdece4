// What the dashboard needs from a Docker engine, and nothing more. The domain
// codes against this interface; docker/dockerode-engine.ts speaks the real
// Engine API. Every method throws a DomainError: 'unavailable' when the engine
// cannot be reached, 'not_found' for an unknown container, 'conflict' when the
// engine refuses (already started, not running …).
import type { ContainerAction } from '../domain/containers.ts';
import type { DockerHost } from './hosts.ts';

export type { ContainerAction };

export type ContainerState =
  'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'dead' | 'removing';

export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting';

export interface ContainerPort {
  privatePort: number;
  publicPort: number | null;
  type: string;
  ip: string | null;
}

export interface ContainerSummary {
  /** The full 64-hex id. */
  id: string;
  name: string;
  image: string;
  state: ContainerState;
  /** The engine's words, e.g. "Up 5 minutes (healthy)". */
  status: string;
  health: ContainerHealth | null;
  ports: ContainerPort[];
  createdAt: string;
  labels: Record<string, string>;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  /** When the engine received the line (ISO), or null when it did not say. */
  at: string | null;
  text: string;
}

export interface LogOptions {
  tail: number;
  /** Only lines after this moment. */
  since?: Date;
}

export interface StatsSample {
  at: string;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  rxBytes: number;
  txBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}

/** A container lifecycle event as the engine reports it. */
export interface EngineEvent {
  action: string;
  containerId: string;
  name: string;
  image: string;
  exitCode: number | null;
  at: Date;
}

export interface DockerEngine extends DeployEngine {
  readonly host: DockerHost;
  /** The engine's version; throws 'unavailable' when it cannot be reached. */
  version(): Promise<string>;
  list(all: boolean): Promise<ContainerSummary[]>;
  /** One container by full id, id prefix or name. */
  inspect(idOrName: string): Promise<ContainerSummary>;
  act(id: string, action: ContainerAction): Promise<void>;
  logs(id: string, options: LogOptions): Promise<LogLine[]>;
  /** The tail, then every new line until signal aborts or the container goes away. */
  followLogs(id: string, options: LogOptions, signal: AbortSignal): AsyncIterable<LogLine>;
  stats(id: string): Promise<StatsSample>;
  /** About one sample a second until signal aborts. */
  streamStats(id: string, signal: AbortSignal): AsyncIterable<StatsSample>;
  /**
   * Container lifecycle events from `since` (the engine replays recent ones) until signal
   * aborts; ends or throws when the engine goes away.
   */
  events(signal: AbortSignal, since?: Date): AsyncIterable<EngineEvent>;
}

// ---- Deployments: images, a container's whole configuration, recreating it ----

/**
 * What it takes to create a container again: the engine's create body (its own
 * field names, JSON), holding only what was set for the container, not what its
 * image gives by default, so a new image brings its own defaults.
 */
export type ContainerSpec = Readonly<Record<string, unknown>>;

export interface ContainerDetails {
  id: string;
  name: string;
  /** The image reference it was created from, e.g. localhost/app:2. */
  image: string;
  /** The image's id (sha256:…). */
  imageId: string;
  state: ContainerState;
  health: ContainerHealth | null;
  /** Whether a healthcheck applies to it (its own or its image's). */
  hasHealthcheck: boolean;
  /** The output of the last failing healthcheck, when there is one. */
  lastHealthOutput: string | null;
  /** The last exit code, when it exited (or restarted after exiting). */
  exitCode: number | null;
  /** When it last started (ISO), or null when it never ran. */
  startedAt: string | null;
  restartCount: number;
  labels: Record<string, string>;
  spec: ContainerSpec;
}

export interface ImageInfo {
  /** sha256:… */
  id: string;
  tags: string[];
}

/** One line of an image pull as the engine reports it. */
export interface PullProgress {
  /** "Pulling fs layer", "Downloading", "Status: Downloaded newer image for …" */
  status: string;
  /** The layer it is about, when about one. */
  layer: string | null;
  /** 0-100 for a layer's download when the engine says its size. */
  percent: number | null;
}

/** What deployments need of an engine beyond managing containers. */
export interface DeployEngine {
  /**
   * Pulls an image, reporting each progress line; throws 'unavailable' with the engine's
   * words when the registry cannot be reached or refuses, 'not_found' when it has no such image.
   */
  pull(image: string, onProgress: (p: PullProgress) => void, signal: AbortSignal): Promise<void>;
  /** A local image by reference or id; 'not_found' when the engine does not have it. */
  inspectImage(ref: string): Promise<ImageInfo>;
  /** A container's state and its whole configuration. */
  inspectDetails(idOrName: string): Promise<ContainerDetails>;
  /** Creates (does not start) a container from a spec, with another image when given; its id. */
  create(name: string, spec: ContainerSpec, image?: string): Promise<string>;
  /** 'conflict' when the name is taken. */
  rename(id: string, name: string): Promise<void>;
  /** force: a running one is killed first. */
  remove(id: string, options?: { force?: boolean }): Promise<void>;
  /** Waits until the container is not running; its exit code. Ends with signal (throws). */
  wait(id: string, signal: AbortSignal): Promise<number>;
}
