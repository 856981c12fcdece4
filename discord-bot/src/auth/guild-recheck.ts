// A Discord user's Manage Server rights can change while their session lives on
// (it is extended on every use), so they are read again from Discord at most every
// DISCORD_GUILDS_RECHECK_SECONDS, on the user's next request: an expired access
// token is refreshed first; a token Discord no longer takes (revoked, or the refresh
// refused) ends the user's sessions; Discord unreachable keeps the last list.
import type { Logger } from '@homelab/nats/runtime';
import { isPublicApiPath, type SessionStore } from '@homelab/nats/web';
import type { Context, MiddlewareHandler } from 'hono';
import type { UserStore, WebUser } from '../db/user-store.ts';
import { DiscordOAuthError, type DiscordOAuth } from './discord-oauth.ts';

export interface GuildRecheckDeps {
  discord: DiscordOAuth | undefined;
  users: UserStore;
  sessions: SessionStore<WebUser>;
  everyMs: number;
  log?: Logger;
  now?: () => number;
}

/** 'revoked' when the user has to log in again; the list otherwise; undefined: keep the old one. */
type Outcome = string[] | 'revoked' | undefined;

export function createGuildRecheck(deps: GuildRecheckDeps) {
  const now = deps.now ?? Date.now;
  const checkedAt = new Map<string, number>();
  const running = new Map<string, Promise<Outcome>>();

  async function read(discord: DiscordOAuth, user: WebUser): Promise<Outcome> {
    const tokens = await deps.users.discordTokens(user.id);
    if (!tokens) return 'revoked';
    let access = tokens.accessToken;
    const refresh = async () => {
      if (tokens.refreshToken === null) return false;
      const fresh = await discord.refresh(tokens.refreshToken);
      await deps.users.saveDiscordTokens(user.id, fresh);
      access = fresh.accessToken;
      return true;
    };
    try {
      if (tokens.expiresAt !== null && tokens.expiresAt.getTime() <= now() + 60_000) {
        if (!(await refresh())) return 'revoked';
      }
      try {
        return await discord.managedGuilds(access);
      } catch (err) {
        if (!(err instanceof DiscordOAuthError && err.kind === 'rejected')) throw err;
        if (!(await refresh())) return 'revoked';
        return await discord.managedGuilds(access);
      }
    } catch (err) {
      if (err instanceof DiscordOAuthError && err.kind === 'rejected') return 'revoked';
      deps.log?.warn({ err, userId: user.id }, 'could not re-read the guilds a user manages');
      return undefined;
    }
  }

  /** Brings user.managedGuildIds up to date; false when the user must log in again. */
  async function recheck(user: WebUser): Promise<boolean> {
    const { discord } = deps;
    if (!discord || user.discordId === null) return true;
    const last = checkedAt.get(user.id);
    if (last !== undefined && now() - last < deps.everyMs) {
      return true;
    }
    // One read per user at a time: a refresh token is good for one use.
    let pending = running.get(user.id);
    if (!pending) {
      pending = read(discord, user).finally(() => running.delete(user.id));
      running.set(user.id, pending);
    }
    const outcome = await pending;
    if (outcome === 'revoked') {
      checkedAt.delete(user.id);
      await deps.sessions.deleteForUser(user.id);
      deps.log?.info({ userId: user.id }, 'Discord no longer accepts the user; sessions ended');
      return false;
    }
    checkedAt.set(user.id, now());
    if (outcome !== undefined) {
      if (outcome.join() !== user.managedGuildIds.join()) {
        await deps.users.setManagedGuilds(user.id, outcome);
        deps.log?.info(
          { userId: user.id, managed: outcome.length },
          'the guilds a user manages changed',
        );
      }
      user.managedGuildIds = outcome;
    }
    return true;
  }

  return { recheck };
}

/**
 * For /api/* after the session guard: 401 when Discord no longer takes the user's login.
 * Public paths (/api/auth/*) are left as they are.
 */
export function guildRecheckMiddleware(
  recheck: (user: WebUser) => Promise<boolean>,
  userOf: (c: Context) => WebUser | null,
  onRevoked: (c: Context) => void,
): MiddlewareHandler {
  return async (c, next) => {
    const user = isPublicApiPath(c.req.path) ? null : userOf(c);
    if (user && !(await recheck(user))) {
      onRevoked(c);
      return c.json(
        {
          error: {
            code: 'unauthenticated',
            message: 'Discord no longer accepts your login; log in with Discord again',
          },
        },
        401,
      );
    }
    await next();
  };
}
