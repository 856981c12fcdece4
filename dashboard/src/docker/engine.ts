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

export interface DockerEngine {
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
