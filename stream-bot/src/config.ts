// The only place that reads the environment. Everything else receives the
// parsed Config, so tests can build one from a plain object. The variables
// every service shares come from the runtime; stream-bot adds its AI settings.
import { fileURLToPath } from 'node:url';
import { commonConfig, commonEnv, parseEnv, type CommonConfig } from '@homelab/nats/runtime';
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };

export { ConfigError } from '@homelab/nats/runtime';

export const SERVICE_NAME = 'stream-bot';
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

const settings = {
  port: 5000,
  natsUser: 'streambot',
  serviceDir: SERVICE_DIR,
  version: pkg.version,
};
const schema = z.object({
  ...commonEnv(settings),
  /** Secret; the logger redacts any field named apiKey. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** Any OpenAI-compatible server (Ollama, LM Studio, vLLM …), e.g. http://127.0.0.1:11434/v1. */
  OPENAI_BASE_URL: z
    .url({
      protocol: /^https?$/,
      error: 'expected an http(s) URL such as http://127.0.0.1:11434/v1',
    })
    .optional(),
  FACTS_MODEL: z.string().min(1).max(100).default('gpt-4o'),
  FACTS_TIMEOUT_MS: z.coerce
    .number({ error: 'expected milliseconds one fact generation may take in all (1000-300000)' })
    .int()
    .min(1_000)
    .max(300_000)
    .default(30_000),
});

export interface OpenAiConfig {
  /** Absent with no base URL either: AI is off and facts come from the built-in collection. */
  apiKey: string | undefined;
  baseUrl: string | undefined;
  factsModel: string;
  /** Total time for one generation, all attempts together. */
  factsTimeoutMs: number;
}

export type Config = CommonConfig<typeof SERVICE_NAME> & { openai: OpenAiConfig };

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const e = parseEnv(schema, env);
  return {
    ...commonConfig(SERVICE_NAME, e, settings),
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      factsModel: e.FACTS_MODEL,
      factsTimeoutMs: e.FACTS_TIMEOUT_MS,
    },
  };
}

/** AI generation is on when a key or an own server is configured. */
export function aiConfigured(openai: OpenAiConfig): boolean {
  return openai.apiKey !== undefined || openai.baseUrl !== undefined;
}
