// Logging in and out: the local admin (WEB_USERNAME / WEB_PASSWORD, compared in
// constant time, locked out after repeated failures) and Discord OAuth (state
// cookie compared in constant time; tokens sealed; the guilds the user manages
// kept with the user). /api/auth/me tells the UI who is signed in and which
// logins exist (and what Discord login still needs).
import type { Logger } from '@homelab/nats/runtime';
import {
  localLogin,
  oauthFailure,
  readOAuthCallback,
  startOAuthLogin,
  type LoginThrottle,
  type OAuthFailureStatus,
} from '@homelab/nats/web';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DiscordOAuthError, type DiscordOAuth } from '../auth/discord-oauth.ts';
import type { UserStore, WebUser } from '../db/user-store.ts';
import { readJsonBody } from './json-body.ts';
import { optionalUser, sessionKit, type WebSessionStore } from './session.ts';

export interface AuthDeps {
  users: UserStore;
  sessions: WebSessionStore;
  throttle: LoginThrottle;
  publicUrl: string;
  local: { username: string; password: string | undefined };
  /** Variables Discord login still needs; empty when it is configured. */
  discordMissing: string[];
  /** Where Discord sends the browser back (to register in the developer portal). */
  redirectUri: string;
  /** Present exactly when discordMissing is empty. */
  discord: DiscordOAuth | undefined;
  /** Brings a Discord user's managed guilds up to date (auth/guild-recheck.ts); false: log in again. */
  recheck?: (user: WebUser) => Promise<boolean>;
  /** Logins, failures and lock-outs (never a password or token). */
  log?: Logger;
}

const STATE_COOKIE = 'dbot_oauth_state';
const STATE_PATH = '/auth/discord';

const CALLBACK = {
  provider: 'Discord',
  service: 'discord-bot',
  stateCookie: STATE_COOKIE,
  statePath: STATE_PATH,
  loginPath: '/auth/discord/login',
};

/** A failed Discord login: a small page for a browser, the usual error body for anything else. */
const loginFailed = (c: Context, status: OAuthFailureStatus, code: string, message: string) =>
  oauthFailure(c, CALLBACK, status, code, message);

const loginBody = z.object({
  username: z.string().max(200),
  password: z.string().max(1000),
});

export function authRoutes(deps: AuthDeps) {
  const { local } = deps;
  const kit = sessionKit(deps);
  const login = localLogin({
    local,
    throttle: deps.throttle,
    kit,
    ensureLocalUser: (username) => deps.users.ensureLocalUser(username),
    otherLogin: 'log in with Discord',
    log: deps.log,
  });
  const notConfigured = (c: Context) =>
    loginFailed(
      c,
      503,
      'unavailable',
      `Discord login is not configured; set ${deps.discordMissing.join(', ')}`,
    );

  return new Hono()
    .get('/api/auth/me', (c) =>
      c.json({
        user: optionalUser(c),
        discord: {
          configured: deps.discordMissing.length === 0,
          missing: deps.discordMissing,
          redirectUri: deps.redirectUri,
        },
        local: { enabled: local.password !== undefined },
      }),
    )
    .post('/api/auth/login', async (c) => login(c, await readJsonBody(c, loginBody)))
    .post('/api/auth/logout', async (c) => {
      await kit.end(c);
      return c.json({ user: null });
    })
    .get('/auth/discord/login', (c) => {
      if (!deps.discord) return notConfigured(c);
      const { redirectUri, authorizeUrl } = deps.discord;
      const secure = deps.publicUrl.startsWith('https:');
      return startOAuthLogin(c, CALLBACK, { redirectUri, authorizeUrl, secure });
    })
    .get('/auth/discord/callback', async (c) => {
      const callback = readOAuthCallback(c, CALLBACK);
      if (!deps.discord) return notConfigured(c);
      if ('failure' in callback) return callback.failure;
      let login;
      try {
        login = await deps.discord.complete(callback.code);
      } catch (err) {
        if (!(err instanceof DiscordOAuthError)) throw err;
        deps.log?.warn({ err: err.message }, 'Discord login failed');
        return loginFailed(
          c,
          err.kind === 'rejected' ? 400 : 502,
          err.kind === 'rejected' ? 'invalid_input' : 'bad_gateway',
          err.message,
        );
      }
      const user = await deps.users.upsertDiscordUser({
        discordId: login.discordId,
        username: login.username,
        globalName: login.globalName,
        avatar: login.avatar,
        managedGuildIds: login.managedGuildIds,
        tokens: {
          accessToken: login.accessToken,
          refreshToken: login.refreshToken,
          expiresAt: login.expiresAt,
        },
      });
      deps.log?.info(
        { userId: user.id, discordId: user.discordId, managed: user.managedGuildIds.length },
        'Discord login',
      );
      await kit.begin(c, user.id);
      return c.redirect('/', 302);
    });
}
