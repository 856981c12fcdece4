// The only place that reads the environment. Everything else receives the
// parsed Config, so tests can build one from a plain object. The variables
// every service shares come from the runtime; these are the dashboard's own.
import path from 'node:path';
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
  // --- issue 6: Jarvis and AI analyses ---
  OPENAI_API_KEY: z.string().trim().min(1).optional(),
  OPENAI_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL of an OpenAI-compatible API' })
    .optional(),
  JARVIS_MODEL: z.string().trim().min(1).max(100).default('gpt-4o-mini'),
  AI_ANALYSIS_MODEL: z.string().trim().min(1).max(100).optional(),
  AI_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds to wait for the AI (1000-600000)' })
    .int()
    .min(1_000)
    .max(600_000)
    .default(60_000),
  // --- issue 6: artifacts ---
  ARTIFACTS_DIR: z.string().trim().min(1).optional(),
  ARTIFACT_MAX_BYTES: z.coerce
    .number({ error: 'expected the largest upload in bytes (1-10737418240)' })
    .int()
    .min(1)
    .max(10 * 1024 ** 3)
    .default(25 * 1024 ** 2),
  // --- issue 6: deployments ---
  DEPLOY_HEALTH_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds to wait for a deployed container (1000-3600000)' })
    .int()
    .min(1_000)
    .max(3_600_000)
    .default(120_000),
  DEPLOY_STABLE_MS: z.coerce
    .number({ error: 'expected milliseconds a container without a healthcheck must keep running' })
    .int()
    .min(0)
    .max(600_000)
    .default(10_000),
  // --- issue 6: background jobs ---
  JOB_CONCURRENCY: z.coerce
    .number({ error: 'expected how many jobs run at once (1-32)' })
    .int()
    .min(1)
    .max(32)
    .default(2),
  JOB_MAX_ATTEMPTS: z.coerce
    .number({ error: 'expected how many times a job is tried (1-20)' })
    .int()
    .min(1)
    .max(20)
    .default(3),
  // --- issue 6: NAS shares ---
  NAS_MOUNT_ROOT: z
    .string()
    .trim()
    .regex(/^\/./, 'expected an absolute folder such as /mnt/homelab')
    .default('/mnt/homelab'),
  // --- issue 6: Plex import ---
  PLEX_URL: z
    .url({ protocol: /^https?$/, error: 'expected the http(s) URL of the Plex server' })
    .optional(),
  PLEX_TOKEN: z.string().trim().min(1).optional(),
  PLEX_IMPORT_DIR: z.string().trim().min(1).optional(),
  PLEX_MOVIES_DIR: z.string().trim().min(1).optional(),
  PLEX_TV_DIR: z.string().trim().min(1).optional(),
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
  ai: {
    /** Unset: Jarvis and AI analyses are off, and the UI says what to set. */
    apiKey: string | undefined;
    baseUrl: string | undefined;
    model: string;
    analysisModel: string;
    timeoutMs: number;
  };
  artifacts: { dir: string; maxBytes: number };
  deploy: { healthTimeoutMs: number; stableMs: number };
  jobs: { concurrency: number; maxAttempts: number };
  nas: { mountRoot: string };
  plex: {
    url: string | undefined;
    token: string | undefined;
    importDir: string | undefined;
    moviesDir: string | undefined;
    tvDir: string | undefined;
  };
}

const list = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const e = parseEnv(schema, env);
  const base = {
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
  return {
    ...base,
    ai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.JARVIS_MODEL,
      analysisModel: e.AI_ANALYSIS_MODEL ?? e.JARVIS_MODEL,
      timeoutMs: e.AI_TIMEOUT_MS,
    },
    artifacts: {
      dir: path.resolve(e.ARTIFACTS_DIR ?? path.join(base.database.dataDir, 'artifacts')),
      maxBytes: e.ARTIFACT_MAX_BYTES,
    },
    deploy: { healthTimeoutMs: e.DEPLOY_HEALTH_TIMEOUT_MS, stableMs: e.DEPLOY_STABLE_MS },
    jobs: { concurrency: e.JOB_CONCURRENCY, maxAttempts: e.JOB_MAX_ATTEMPTS },
    nas: { mountRoot: path.resolve(e.NAS_MOUNT_ROOT) },
    plex: {
      url: e.PLEX_URL,
      token: e.PLEX_TOKEN,
      importDir: e.PLEX_IMPORT_DIR && path.resolve(e.PLEX_IMPORT_DIR),
      moviesDir: e.PLEX_MOVIES_DIR && path.resolve(e.PLEX_MOVIES_DIR),
      tvDir: e.PLEX_TV_DIR && path.resolve(e.PLEX_TV_DIR),
    },
  };
}
