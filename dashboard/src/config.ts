// The only place that reads the environment. Everything else receives the
// parsed Config, so tests can build one from a plain object. The variables
// every service shares come from the runtime; these are the dashboard's own.
import { fileURLToPath } from 'node:url';
import { commonConfig, commonEnv, parseEnv, type CommonConfig } from '@homelab/nats/runtime';
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };

export { ConfigError } from '@homelab/nats/runtime';

export const SERVICE_NAME = 'dashboard';
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

const settings = {
  port: 5200,
  natsUser: 'dashboard',
  serviceDir: SERVICE_DIR,
  version: pkg.version,
};

const schema = z.object({
  ...commonEnv(settings),
  HEALTH_PROBE_INTERVAL_MS: z.coerce
    .number({ error: 'expected milliseconds between health probes (at least 1000)' })
    .int()
    .min(1_000)
    .default(30_000),
  EVENT_FEED_SIZE: z.coerce
    .number({ error: 'expected how many recent events to keep and replay (1-10000)' })
    .int()
    .min(1)
    .max(10_000)
    .default(200),
  QUERY_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds to wait for another service to answer (100-60000)' })
    .int()
    .min(100)
    .max(60_000)
    .default(2_000),
  /** The one account of the dashboard (compared in constant time). */
  WEB_USERNAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'expected 1-50 letters, digits, _ . or -')
    .default('admin'),
  WEB_PASSWORD: z
    .string({ error: 'required: the dashboard password (at least 8 characters)' })
    .min(8, 'expected at least 8 characters'),
  /** Where browsers reach the dashboard; default http://localhost:<PORT>. */
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL such as https://host.example.org',
    })
    .optional(),
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'expected hours a login lasts (1-8760)' })
    .int()
    .min(1)
    .max(8760)
    .default(168),
  /** The local engine's socket, used when DOCKER_HOSTS is unset. */
  DOCKER_SOCKET: z.string().trim().min(1).default('/var/run/docker.sock'),
  /**
   * Several engines: `name=address` pairs separated by commas, the address a socket path,
   * unix:///path, tcp://host:port or http(s)://host:port (e.g. `local=/var/run/docker.sock,
   * nas=tcp://10.0.0.5:2375`). Unset: one host named `local` on DOCKER_SOCKET.
   */
  DOCKER_HOSTS: z.string().trim().optional(),
  /**
   * Containers of the platform itself (matched against the container name and its compose
   * service label); acting on them needs a confirmation.
   */
  STACK_CONTAINERS: z.string().trim().default('stream-bot,dashboard,discord-bot,nats,postgres'),
  /** Folders whose file system's free space the health page reports (comma-separated). */
  HOST_DISK_PATHS: z.string().trim().optional(),
  /** How many days of health_checks rows to keep. */
  HEALTH_HISTORY_DAYS: z.coerce
    .number({ error: 'expected days of health history to keep (1-365)' })
    .int()
    .min(1)
    .max(365)
    .default(14),
});

export interface Config extends CommonConfig<typeof SERVICE_NAME> {
  healthProbeIntervalMs: number;
  /** How many recent events the live feed keeps (and replays from each stream at start). */
  eventFeedSize: number;
  queryTimeoutMs: number;
  web: {
    username: string;
    password: string;
    /** Where browsers reach the dashboard (origin checks, Secure cookies). */
    publicUrl: string;
    sessionTtlHours: number;
  };
  docker: {
    socket: string;
    /** DOCKER_HOSTS as written (parsed by src/docker/), or undefined for one local host. */
    hosts: string | undefined;
    stackContainers: string[];
  };
  host: { diskPaths: string[] };
  healthHistoryDays: number;
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const e = parseEnv(schema, env);
  return {
    ...commonConfig(SERVICE_NAME, e, settings),
    healthProbeIntervalMs: e.HEALTH_PROBE_INTERVAL_MS,
    eventFeedSize: e.EVENT_FEED_SIZE,
    queryTimeoutMs: e.QUERY_TIMEOUT_MS,
    web: {
      username: e.WEB_USERNAME,
      password: e.WEB_PASSWORD,
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
      sessionTtlHours: e.SESSION_TTL_HOURS,
    },
    docker: {
      socket: e.DOCKER_SOCKET,
      hosts: e.DOCKER_HOSTS || undefined,
      stackContainers: list(e.STACK_CONTAINERS),
    },
    host: { diskPaths: e.HOST_DISK_PATHS ? list(e.HOST_DISK_PATHS) : ['/'] },
    healthHistoryDays: e.HEALTH_HISTORY_DAYS,
  };
}
