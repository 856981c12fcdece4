// Connecting a YouTube account (not a login: the user is signed in already) and
// its live chat settings: GET /auth/youtube/connect starts Google's consent,
// GET /auth/youtube/callback checks the state, exchanges the code, looks the
// channel up and stores the sealed tokens; GET/PATCH/DELETE /api/youtube read,
// switch reading on or off, and disconnect.
import {
  oauthFailure,
  readOAuthCallback,
  startOAuthLogin,
  type OAuthFailureStatus,
} from '@homelab/nats/web';
import type { Logger } from '@homelab/nats/runtime';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { readJson } from '../http/errors.ts';
import { currentUser, sessionGuard, type SessionDeps } from '../http/session.ts';
import { GoogleAuthError, YOUTUBE_SCOPES, type GoogleOAuth } from './google-oauth.ts';
import { YouTubeApiError, type YouTubeApi } from './youtube-api.ts';
import type { YouTubeChat } from './youtube-chat.ts';
import type { YouTubeStore } from './youtube-store.ts';

export interface YouTubeRouteDeps {
  session: SessionDeps;
  /** Variables still to set; empty when YouTube is configured. */
  missing: string[];
  /** Present exactly when `missing` is empty. */
  oauth: GoogleOAuth | undefined;
  api: YouTubeApi;
  store: YouTubeStore | undefined;
  chat: YouTubeChat;
  log: Logger;
}

const CALLBACK = {
  provider: 'YouTube',
  service: 'stream-bot',
  stateCookie: 'sb_youtube_state',
  statePath: '/auth/youtube',
  loginPath: '/auth/youtube/connect',
};

const patchBody = z.strictObject({
  enabled: z.boolean({ error: 'enabled must be true or false' }),
});

export function youtubeRoutes(deps: YouTubeRouteDeps) {
  const failed = (c: Context, status: OAuthFailureStatus, code: string, message: string) =>
    oauthFailure(c, CALLBACK, status, code, message);
  const notConfigured = () =>
    `YouTube is not configured; set ${deps.missing.join(', ')} for stream-bot and restart it`;

  function store(): YouTubeStore {
    if (!deps.store) throw new DomainError('unavailable', notConfigured());
    return deps.store;
  }

  async function view(userId: string) {
    const account = deps.store ? await deps.store.get(userId) : null;
    const liveChat = deps.chat.state(userId);
    const lacking = account ? YOUTUBE_SCOPES.filter((s) => !account.scopes.includes(s)) : [];
    return {
      configured: deps.missing.length === 0,
      missing: deps.missing,
      connected: account !== null,
      channel: account ? { id: account.channelId, title: account.channelTitle } : null,
      enabled: account?.enabled ?? false,
      missingScopes: lacking,
      liveChat: account?.enabled ? (liveChat ?? { state: 'starting' }) : null,
      reconnectNeeded: liveChat?.state === 'reconnect_needed',
      quotaBlockedUntil: account?.quotaBlockedUntil?.toISOString() ?? null,
      lastError: account?.lastError ?? null,
    };
  }

  return new Hono()
    .use('/auth/youtube/*', sessionGuard(deps.session))
    .get('/auth/youtube/connect', (c) => {
      currentUser(c);
      if (!deps.oauth) return failed(c, 503, 'unavailable', notConfigured());
      const { redirectUri } = deps.oauth;
      const oauth = deps.oauth;
      return startOAuthLogin(c, CALLBACK, {
        redirectUri,
        authorizeUrl: (state) => oauth.authorizeUrl(state),
        secure: deps.session.publicUrl.startsWith('https:'),
      });
    })
    .get('/auth/youtube/callback', async (c) => {
      const user = currentUser(c);
      const callback = readOAuthCallback(c, CALLBACK);
      if (!deps.oauth || !deps.store) return failed(c, 503, 'unavailable', notConfigured());
      if ('failure' in callback) return callback.failure;
      let channel;
      let tokens;
      try {
        tokens = await deps.oauth.exchange(callback.code);
        channel = await deps.api.myChannel(tokens.accessToken);
      } catch (err) {
        if (err instanceof GoogleAuthError) {
          return failed(
            c,
            err.kind === 'rejected' ? 400 : 502,
            err.kind === 'rejected' ? 'invalid_input' : 'unavailable',
            err.message,
          );
        }
        if (err instanceof YouTubeApiError) {
          return failed(
            c,
            err.status >= 400 && err.status < 500 ? 400 : 502,
            'invalid_input',
            err.message,
          );
        }
        throw err;
      }
      const holder = await deps.store.ownerOfChannel(channel.id);
      if (holder !== null && holder !== user.id) {
        return failed(
          c,
          400,
          'invalid_input',
          `the YouTube channel ${channel.title} is connected to another stream-bot user`,
        );
      }
      await deps.store.connect(user.id, channel, tokens);
      deps.log.info({ userId: user.id, channelId: channel.id }, 'YouTube connected');
      await deps.chat.reload(user.id);
      return c.redirect('/youtube', 302);
    })
    .get('/api/youtube', async (c) => c.json(await view(currentUser(c).id)))
    .patch('/api/youtube', async (c) => {
      const user = currentUser(c);
      const body = await readJson(c, patchBody);
      if (!(await store().setEnabled(user.id, body.enabled))) {
        throw new DomainError(
          'conflict',
          'connect a YouTube account first (GET /auth/youtube/connect)',
        );
      }
      await deps.chat.reload(user.id);
      return c.json(await view(user.id));
    })
    .delete('/api/youtube', async (c) => {
      const user = currentUser(c);
      const account = await store().get(user.id);
      await store().remove(user.id);
      await deps.chat.reload(user.id);
      // The row is gone whatever Google says; a failed revocation is only logged.
      const token = account?.tokens.refreshToken ?? account?.tokens.accessToken;
      if (token && deps.oauth) {
        await deps.oauth.revoke(token).catch((err: unknown) => {
          deps.log.warn({ err, userId: user.id }, 'could not revoke the YouTube grant');
        });
      }
      return c.json(await view(user.id));
    });
}
