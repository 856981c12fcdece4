// The variables every service reads, as zod fragments a service's own schema
// spreads in, and the error that lists every bad one. Each service still owns
// its config.ts: it adds its own fields and is the only reader of process.env.
import path from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const NATS_PROTOCOLS = new Set(['nats:', 'tls:', 'ws:', 'wss:']);

export interface CommonSettings {
  /** Default HTTP port of this service. */
  port: number;
  /** The service's NATS user, also the prefix of the nats-server password variable. */
  natsUser: string;
  /** The service's folder: .data/ and prisma/migrations/ live below it. */
  serviceDir: string;
  /** Version reported when SERVICE_VERSION is not set (the package.json version). */
  version: string;
}

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

/** The zod shape of the common variables, with this service's defaults. */
export function commonEnv(settings: CommonSettings) {
  const passwordHint = `required: the NATS user's password (nats-server reads it from ${settings.natsUser.toUpperCase()}_NATS_PASSWORD)`;
  return {
    PORT: z.coerce
      .number({ error: 'expected a TCP port number (1-65535, or 0 for any free port)' })
      .int()
      .min(0)
      .max(65535)
      .default(settings.port),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres://user:pass@host/db URL' })
      .optional(),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'expected a plain schema name such as "public"')
      .default('public'),
    DATA_DIR: z.string().min(1).default(path.join(settings.serviceDir, '.data')),
    NATS_URL: natsServers.default(['nats://127.0.0.1:4222']),
    NATS_USER: z.string().min(1).default(settings.natsUser),
    NATS_PASSWORD: z.string({ error: passwordHint }).min(1, passwordHint),
    LOG_LEVEL: z
      .enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` })
      .default('info'),
    SERVICE_VERSION: z.string().min(1).default(settings.version),
  };
}

type CommonEnv = z.output<z.ZodObject<ReturnType<typeof commonEnv>>>;

export interface CommonConfig<Service extends string = string> {
  service: Service;
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
  logLevel: LogLevel;
}

/** The common part of a service's Config, from the parsed variables. */
export function commonConfig<Service extends string>(
  service: Service,
  e: CommonEnv,
  settings: Pick<CommonSettings, 'serviceDir'>,
): CommonConfig<Service> {
  return {
    service,
    version: e.SERVICE_VERSION,
    http: { port: e.PORT, host: e.HOST },
    database: {
      url: e.DATABASE_URL,
      schema: e.DATABASE_SCHEMA,
      dataDir: path.resolve(e.DATA_DIR),
      migrationsDir: path.join(settings.serviceDir, 'prisma', 'migrations'),
    },
    nats: { servers: e.NATS_URL, user: e.NATS_USER, password: e.NATS_PASSWORD },
    logLevel: e.LOG_LEVEL,
  };
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
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
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
  return parsed.data;
}
