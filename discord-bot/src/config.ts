// The only place that reads the environment. Everything else receives the
// parsed Config, so tests can build one from a plain object. The variables
// every service shares come from the runtime; discord-bot adds none of its own yet.
import { fileURLToPath } from 'node:url';
import { commonConfig, commonEnv, parseEnv, type CommonConfig } from '@homelab/nats/runtime';
import { z } from 'zod';
import pkg from '../package.json' with { type: 'json' };
import { authEnv, webConfig, type DiscordOAuthConfig, type WebConfig } from './auth/auth-config.ts';
import { botEnv, type BotConfig } from './bot/bot-config.ts';
import { ticketEnv, type TicketConfig } from './tickets/ticket-config.ts';

export { ConfigError } from '@homelab/nats/runtime';

export const SERVICE_NAME = 'discord-bot';
const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));

const settings = {
  port: 5100,
  natsUser: 'discord',
  serviceDir: SERVICE_DIR,
  version: pkg.version,
};
const schema = z.object({ ...commonEnv(settings), ...authEnv, ...botEnv, ...ticketEnv });

export type Config = CommonConfig<typeof SERVICE_NAME> & {
  /** Web login: the local admin, PUBLIC_URL, session length (auth/auth-config.ts). */
  web: WebConfig;
  /** Discord OAuth login (DISCORD_CLIENT_ID …) and DISCORD_API_URL. */
  oauth: DiscordOAuthConfig;
  /** The bot's Discord connection (DISCORD_TOKEN; bot/bot-config.ts). */
  bot: BotConfig;
  /** The ticket auto-close job (TICKET_SWEEP_SECONDS). */
  tickets: TicketConfig;
};

/** Parses the variables once; throws a ConfigError naming every bad or missing one. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const e = parseEnv(schema, env);
  const web = webConfig(e);
  const bot = { token: e.DISCORD_TOKEN, apiUrl: web.oauth.apiUrl };
  const tickets = { sweepSeconds: e.TICKET_SWEEP_SECONDS };
  return { ...commonConfig(SERVICE_NAME, e, settings), ...web, bot, tickets };
}
