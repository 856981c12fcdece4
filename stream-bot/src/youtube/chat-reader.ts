// Reads one connected account's YouTube live chat: finds the active broadcast's
// chat (looking again every so often while there is none), then polls its
// messages no faster than YouTube's pollingIntervalMillis asks (within a floor
// and a ceiling), hands every text message on, and posts the bot's lines.
// The page token is stored after each page, so a restart goes on where it left
// off; a chat seen for the first time starts after its backlog. A quotaExceeded
// stops every call until the quota resets (midnight Pacific); a rateLimitExceeded
// backs off exponentially. Tokens are refreshed ahead of expiry and after a 401;
// a refused refresh stops the reader until the account is reconnected.
import type { Logger } from '@homelab/nats/runtime';
import type { IncomingChatMessage } from '../chat/types.ts';
import { DomainError } from '../domain/errors.ts';
import { GoogleAuthError, type GoogleOAuth, type GoogleTokens } from './google-oauth.ts';
import { nextPacificMidnight } from './quota.ts';
import { YouTubeApiError, type YouTubeApi } from './youtube-api.ts';
import { textOf, toIncoming } from './youtube-incoming.ts';
import type { ChatPlace, YouTubeAccount, YouTubeStore } from './youtube-store.ts';

export interface ReaderTiming {
  /** Never poll faster than this, whatever YouTube says. */
  pollFloorMs: number;
  /** Never wait longer than this between polls of a live chat. */
  pollCeilingMs: number;
  /** How often to look for a broadcast while there is none. */
  searchEveryMs: number;
  /** First wait after a rateLimitExceeded; doubles each time, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Refresh the access token when it expires within this. */
  refreshAheadMs: number;
}

export const DEFAULT_TIMING: ReaderTiming = {
  pollFloorMs: 1_000,
  pollCeilingMs: 30_000,
  searchEveryMs: 60_000,
  backoffMs: 2_000,
  maxBackoffMs: 300_000,
  refreshAheadMs: 120_000,
};

export type LiveChatState =
  | { state: 'starting' }
  | { state: 'searching'; nextCheckAt: string }
  | { state: 'reading'; liveChatId: string; lastPollAt: string | null; intervalMs: number | null }
  | { state: 'quota_blocked'; until: string; message: string }
  | { state: 'rate_limited'; retryAt: string; message: string }
  | { state: 'reconnect_needed'; message: string }
  | { state: 'error'; message: string; retryAt: string }
  | { state: 'stopped' };

export interface ChatReaderDeps {
  account: YouTubeAccount;
  store: Pick<YouTubeStore, 'saveTokens' | 'savePlace'>;
  api: YouTubeApi;
  oauth: GoogleOAuth;
  timing: ReaderTiming;
  log: Logger;
  onMessage(message: IncomingChatMessage): void;
  onState?(): void;
}

const MAX_LINE = 200;

class ReconnectNeeded extends Error {
  override name = 'ReconnectNeeded';
}

export function startChatReader(deps: ChatReaderDeps) {
  const { account, api, oauth, timing, store } = deps;
  const log = deps.log.child({ component: 'youtube', userId: account.userId });
  let tokens: GoogleTokens = account.tokens;
  const place: ChatPlace = {
    broadcastId: account.broadcastId,
    liveChatId: account.liveChatId,
    pageToken: account.pageToken,
    quotaBlockedUntil: account.quotaBlockedUntil,
    lastError: account.lastError,
  };
  let state: LiveChatState = { state: 'starting' };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let backoff = 0;
  /** Messages of a chat found just now sent before this are its backlog: logged nowhere, never answered. */
  let skipBefore: Date | null = place.pageToken === null ? new Date() : null;

  function setState(next: LiveChatState) {
    state = next;
    deps.onState?.();
  }

  async function save(lastError: string | null = null) {
    place.lastError = lastError;
    await store.savePlace(account.userId, place);
  }

  async function refresh(): Promise<void> {
    if (!tokens.refreshToken)
      throw new ReconnectNeeded('YouTube gave no refresh token; reconnect YouTube');
    try {
      const fresh = await oauth.refresh(tokens.refreshToken);
      tokens = { ...fresh, refreshToken: fresh.refreshToken ?? tokens.refreshToken };
    } catch (err) {
      if (err instanceof GoogleAuthError && err.kind === 'rejected') {
        throw new ReconnectNeeded(`${err.message}; reconnect YouTube`, { cause: err });
      }
      throw err;
    }
    await store.saveTokens(account.userId, tokens);
    log.info('refreshed the YouTube access token');
  }

  /** Calls with a fresh token; after a 401 refreshes once and tries again. */
  async function authed<T>(fn: (token: string) => Promise<T>): Promise<T> {
    if (tokens.expiresAt && tokens.expiresAt.getTime() - Date.now() < timing.refreshAheadMs) {
      await refresh();
    }
    try {
      return await fn(tokens.accessToken);
    } catch (err) {
      if (!(err instanceof YouTubeApiError) || err.status !== 401) throw err;
      await refresh();
      return fn(tokens.accessToken);
    }
  }

  function schedule(ms: number) {
    if (stopped) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        running = step().finally(() => (running = undefined));
      },
      Math.max(0, ms),
    );
  }

  const later = (ms: number) => new Date(Date.now() + ms).toISOString();

  async function search(): Promise<number> {
    const found = await authed((t) => api.activeBroadcast(t));
    if (!found) {
      setState({ state: 'searching', nextCheckAt: later(timing.searchEveryMs) });
      if (place.lastError !== null) await save();
      return timing.searchEveryMs;
    }
    place.broadcastId = found.id;
    place.liveChatId = found.liveChatId;
    place.pageToken = null;
    skipBefore = new Date();
    await save();
    log.info({ liveChatId: found.liveChatId }, 'found a live YouTube chat');
    setState({
      state: 'reading',
      liveChatId: found.liveChatId,
      lastPollAt: null,
      intervalMs: null,
    });
    return 0;
  }

  async function poll(liveChatId: string): Promise<number> {
    const page = await authed((t) => api.messages(t, liveChatId, place.pageToken));
    const cutoff = skipBefore;
    skipBefore = null;
    for (const m of page.items) {
      const text = textOf(m);
      if (text === null) continue;
      if (cutoff && new Date(m.snippet.publishedAt) < cutoff) continue;
      deps.onMessage(toIncoming(account.userId, account.channelId, m, text));
    }
    const wait = Math.min(
      timing.pollCeilingMs,
      Math.max(timing.pollFloorMs, page.pollingIntervalMillis ?? timing.pollFloorMs),
    );
    if (page.offlineAt) return chatEnded(`the stream went offline at ${page.offlineAt}`);
    const changed = place.pageToken !== (page.nextPageToken ?? place.pageToken);
    place.pageToken = page.nextPageToken ?? place.pageToken;
    if (changed || place.lastError !== null) await save();
    setState({
      state: 'reading',
      liveChatId,
      lastPollAt: new Date().toISOString(),
      intervalMs: wait,
    });
    return wait;
  }

  async function chatEnded(why: string): Promise<number> {
    log.info({ liveChatId: place.liveChatId, why }, 'the YouTube live chat ended');
    place.broadcastId = null;
    place.liveChatId = null;
    place.pageToken = null;
    await save();
    setState({ state: 'searching', nextCheckAt: later(timing.searchEveryMs) });
    return timing.searchEveryMs;
  }

  async function failed(err: unknown): Promise<number | null> {
    if (err instanceof ReconnectNeeded) {
      log.warn({ err: err.message }, 'YouTube needs a reconnect');
      await save(err.message);
      setState({ state: 'reconnect_needed', message: err.message });
      return null;
    }
    if (err instanceof YouTubeApiError) {
      if (err.reason === 'quotaExceeded') {
        place.quotaBlockedUntil = nextPacificMidnight(new Date());
        const message = `YouTube's daily API quota is used up; reading resumes when it resets at ${place.quotaBlockedUntil.toISOString()} (midnight Pacific time)`;
        log.warn({ until: place.quotaBlockedUntil }, 'YouTube quota exceeded');
        await save(message);
        setState({ state: 'quota_blocked', until: place.quotaBlockedUntil.toISOString(), message });
        return place.quotaBlockedUntil.getTime() - Date.now();
      }
      if (err.reason === 'rateLimitExceeded') {
        backoff = Math.min(timing.maxBackoffMs, backoff === 0 ? timing.backoffMs : backoff * 2);
        const message = `YouTube asked to slow down; trying again in ${Math.round(backoff / 1000)} s`;
        setState({ state: 'rate_limited', retryAt: later(backoff), message });
        return backoff;
      }
      if (
        ['liveChatEnded', 'liveChatNotFound', 'liveChatDisabled', 'forbidden'].includes(
          err.reason,
        ) &&
        place.liveChatId
      ) {
        return chatEnded(err.reason);
      }
      if (err.status === 401) {
        const message = 'YouTube refused the refreshed token; reconnect YouTube';
        await save(message);
        setState({ state: 'reconnect_needed', message });
        return null;
      }
    }
    const message = err instanceof Error ? err.message : String(err);
    log.warn({ err }, 'reading the YouTube chat failed');
    backoff = Math.min(timing.maxBackoffMs, backoff === 0 ? timing.backoffMs : backoff * 2);
    await save(message).catch(() => undefined);
    setState({ state: 'error', message, retryAt: later(backoff) });
    return backoff;
  }

  async function step(): Promise<void> {
    if (stopped) return;
    const blocked = place.quotaBlockedUntil;
    if (blocked && blocked.getTime() > Date.now()) {
      const message = `YouTube's daily API quota is used up; reading resumes when it resets at ${blocked.toISOString()} (midnight Pacific time)`;
      setState({ state: 'quota_blocked', until: blocked.toISOString(), message });
      // A timer can wait at most ~24.8 days; look again at least hourly.
      return schedule(Math.min(blocked.getTime() - Date.now(), 3_600_000));
    }
    if (blocked) {
      place.quotaBlockedUntil = null;
      await save().catch(() => undefined);
    }
    let wait: number | null;
    try {
      wait = place.liveChatId ? await poll(place.liveChatId) : await search();
      backoff = 0;
    } catch (err) {
      wait = await failed(err);
    }
    if (wait !== null) schedule(wait);
  }

  schedule(0);

  return {
    state: () => state,
    channelId: account.channelId,

    /** Posts a line in the live chat being read. */
    async say(text: string): Promise<void> {
      const liveChatId = place.liveChatId;
      if (stopped || !liveChatId || state.state === 'quota_blocked') {
        throw new DomainError(
          'unavailable',
          state.state === 'quota_blocked'
            ? state.message
            : 'the bot is not reading a YouTube live chat right now',
        );
      }
      const line = text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text;
      try {
        await authed((t) => api.insert(t, liveChatId, line));
      } catch (err) {
        if (err instanceof YouTubeApiError && err.reason === 'quotaExceeded') {
          place.quotaBlockedUntil = nextPacificMidnight(new Date());
          await save(
            `YouTube's daily API quota is used up until ${place.quotaBlockedUntil.toISOString()}`,
          );
        }
        throw err;
      }
    },

    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
      setState({ state: 'stopped' });
    },
  };
}

export type ChatReader = ReturnType<typeof startChatReader>;
