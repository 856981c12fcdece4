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
});

export interface Config extends CommonConfig<typeof SERVICE_NAME> {
  healthProbeIntervalMs: number;
  /** How many recent events the live feed keeps (and replays from each stream at start). */
  eventFeedSize: number;
  queryTimeoutMs: number;
}

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const e = parseEnv(schema, env);
  return {
    ...commonConfig(SERVICE_NAME, e, settings),
    healthProbeIntervalMs: e.HEALTH_PROBE_INTERVAL_MS,
    eventFeedSize: e.EVENT_FEED_SIZE,
    queryTimeoutMs: e.QUERY_TIMEOUT_MS,
  };
}
