// Everything web login needs, built from the configuration: users (tokens sealed
// when TOKEN_ENCRYPTION_KEY is set), sessions (expired ones pruned hourly), the
// login throttle and the Discord OAuth client when it is configured.
import type { SqlDatabase } from '@homelab/nats';
import type { Defer, Logger } from '@homelab/nats/runtime';
import { createLoginThrottle, createSecretBox } from '@homelab/nats/web';
import type { Config } from '../config.ts';
import { createUserStore } from '../db/user-store.ts';
import type { AuthDeps } from '../http/auth.routes.ts';
import { createWebSessionStore } from '../http/session.ts';
import { discordLoginMissing } from './auth-config.ts';
import { createDiscordOAuth } from './discord-oauth.ts';
import { createGuildRecheck } from './guild-recheck.ts';

export async function startWebLogin(
  config: Config,
  parts: { db: { sql: SqlDatabase }; log: Logger; defer: Defer },
): Promise<AuthDeps> {
  const { db, log, defer } = parts;
  const box = config.oauth.tokenKey ? createSecretBox(config.oauth.tokenKey) : undefined;
  const sessions = createWebSessionStore(db, { ttlMs: config.web.sessionTtlHours * 3_600_000 });
  const prune = () =>
    sessions.prune().catch((err: unknown) => log.warn({ err }, 'pruning expired sessions failed'));
  await prune();
  const timer = setInterval(() => void prune(), 3_600_000).unref();
  defer(async () => clearInterval(timer));

  const missing = discordLoginMissing(config.oauth);
  if (config.web.password === undefined && missing.length > 0) {
    log.warn(
      { missing },
      'nobody can log in to the web UI: set WEB_PASSWORD, or Discord login (' +
        `${missing.join(', ')})`,
    );
  }
  const users = createUserStore(db, box);
  const discord = missing.length === 0 ? createDiscordOAuth(config.oauth) : undefined;
  const guilds = createGuildRecheck({
    discord,
    users,
    sessions,
    everyMs: config.oauth.guildsRecheckMs,
    log: log.child({ component: 'auth' }),
  });
  return {
    users,
    sessions,
    throttle: createLoginThrottle(),
    publicUrl: config.web.publicUrl,
    local: { username: config.web.username, password: config.web.password },
    discordMissing: missing,
    redirectUri: config.oauth.redirectUri,
    discord,
    recheck: guilds.recheck,
    log: log.child({ component: 'auth' }),
  };
}
