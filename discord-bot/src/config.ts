// The only place that reads the environment. Everything else receives the
// parsed Config, so tests can build one from a plain object. The variables
// every service shares come from the runtime; discord-bot adds none of its own yet.
import { fileURLToPath } from 'node:url';
import { commonConfig, commonEnv, parseEnv, type CommonConfig } from '@homelab/nats/runtime';
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };

export { ConfigError } from '@homelab/nats/runtime';

export const SERVICE_NAME = 'discord-bot';
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

const settings = {
  port: 5100,
  natsUser: 'discord',
  serviceDir: SERVICE_DIR,
  version: pkg.version,
};
const schema = z.object(commonEnv(settings));

export type Config = CommonConfig<typeof SERVICE_NAME>;

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  return commonConfig(SERVICE_NAME, parseEnv(schema, env), settings);
}
