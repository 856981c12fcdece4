// One pino logger per process. Secrets never reach the output: known secret
// fields are replaced, and URL fields keep everything but their password, so
// a log line still tells which database or NATS server was meant.
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

const SECRET_KEYS = ['password', 'pass', 'token', 'secret', 'apiKey', 'authorization', 'cookie'];
const URL_KEYS = ['url', 'databaseUrl', 'natsUrl', 'servers', 'DATABASE_URL', 'NATS_URL'];

const REDACT_PATHS = [
  ...[...SECRET_KEYS, ...URL_KEYS].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Replaces the password of a URL with ***; leaves anything that is not a URL alone. */
export function maskUrl(value: string): string {
  if (!URL.canParse(value)) return value;
  const url = new URL(value);
  if (!url.password) return value;
  url.password = '***';
  return url.toString();
}

function censor(value: unknown, path: string[]): unknown {
  const key = path.at(-1) ?? '';
  if (URL_KEYS.includes(key)) {
    if (typeof value === 'string') return maskUrl(value);
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? maskUrl(v) : v));
  }
  return '[redacted]';
}

export interface LoggerOptions {
  level: string;
  service: string;
  version: string;
}

export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, version: options.version, pid: process.pid },
      redact: { paths: REDACT_PATHS, censor },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
