// The only place that reads the environment. Everything else receives the
// parsed Config, so tests can build one from a plain object.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };

export const SERVICE_NAME = 'dashboard';
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NATS_PROTOCOLS = new Set(['nats:', 'tls:', 'ws:', 'wss:']);

const NATS_PASSWORD_HINT =
  "required: the NATS user's password (nats-server reads it from DASHBOARD_NATS_PASSWORD)";

const natsServers = z.string().transform((value, ctx) => {
  const servers = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = servers.filter((s) => !URL.canParse(s) || !NATS_PROTOCOLS.has(new URL(s).protocol));
  if (servers.length === 0 || bad.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `expected nats://host:port (several separated by commas), got "${value}"`,
    });
    return z.NEVER;
  }
  return servers;
});

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'expected a TCP port number (1-65535, or 0 for any free port)' })
    .int()
    .min(0)
    .max(65535)
    .default(5200),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres://user:pass@host/db URL' })
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'expected a plain schema name such as "public"')
    .default('public'),
  DATA_DIR: z.string().min(1).default(path.join(SERVICE_DIR, '.data')),
  NATS_URL: natsServers.default(['nats://127.0.0.1:4222']),
  NATS_USER: z.string().min(1).default('dashboard'),
  NATS_PASSWORD: z.string({ error: NATS_PASSWORD_HINT }).min(1, NATS_PASSWORD_HINT),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  SERVICE_VERSION: z.string().min(1).default(pkg.version),
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
});

export interface Config {
  service: typeof SERVICE_NAME;
  version: string;
  http: { port: number; host: string };
  database: {
    /** Absent: an embedded PGlite database under dataDir. */
    url: string | undefined;
    schema: string;
    dataDir: string;
    migrationsDir: string;
  };
  nats: { servers: string[]; user: string; password: string };
  logLevel: (typeof LOG_LEVELS)[number];
  healthProbeIntervalMs: number;
  /** How many recent events the live feed keeps (and replays from each stream at start). */
  eventFeedSize: number;
  queryTimeoutMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // An empty variable (`PORT=` in an env file) means "not set", not "set to nothing".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  return {
    service: SERVICE_NAME,
    version: e.SERVICE_VERSION,
    http: { port: e.PORT, host: e.HOST },
    database: {
      url: e.DATABASE_URL,
      schema: e.DATABASE_SCHEMA,
      dataDir: path.resolve(e.DATA_DIR),
      migrationsDir: path.join(SERVICE_DIR, 'prisma', 'migrations'),
    },
    nats: { servers: e.NATS_URL, user: e.NATS_USER, password: e.NATS_PASSWORD },
    logLevel: e.LOG_LEVEL,
    healthProbeIntervalMs: e.HEALTH_PROBE_INTERVAL_MS,
    eventFeedSize: e.EVENT_FEED_SIZE,
    queryTimeoutMs: e.QUERY_TIMEOUT_MS,
  };
}
