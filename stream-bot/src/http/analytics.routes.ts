// /api/analytics/* and /api/chat/messages: the chat log's figures and the log
// itself, for the signed-in user's channels only (their bot_config.channels).
// Every parameter is checked before anything is read.
import { Hono, type Context } from 'hono';
import {
  channelParam,
  dayRange,
  decodeMessageCursor,
  MAX_MESSAGES,
  MAX_RANGE_DAYS,
  MAX_SESSIONS,
  onlyParams,
  platformParam,
  searchText,
  sessionId,
  wholeNumber,
} from '../analytics/analytics-input.ts';
import type { Analytics } from '../analytics/analytics.ts';
import type { LoggedMessage } from '../db/analytics-store.ts';
import { DomainError } from '../domain/errors.ts';
import { currentUser } from './session.ts';

export interface AnalyticsRouteDeps {
  analytics: Analytics;
  /** The Twitch channels a user's bot reads (bot_config.channels). */
  channelsOf(userId: string): Promise<string[]>;
  /** The user's connected YouTube channel id, if any (its chat is logged under that id). */
  youtubeChannelOf?(userId: string): Promise<string | null>;
  now?: () => Date;
}

function messageJson(m: LoggedMessage) {
  return { ...m, sentAt: m.sentAt.toISOString() };
}

function sessionTimes<T extends { startedAt: Date; lastMessageAt: Date; endedAt: Date | null }>(
  s: T,
) {
  return {
    ...s,
    startedAt: s.startedAt.toISOString(),
    lastMessageAt: s.lastMessageAt.toISOString(),
    endedAt: s.endedAt?.toISOString() ?? null,
    live: s.endedAt === null,
  };
}

export function analyticsRoutes(deps: AnalyticsRouteDeps) {
  const now = deps.now ?? (() => new Date());

  /**
   * The user's channels (of one platform when `platform=` says so), or just the one asked for
   * when it is one of them. Twitch logins and YouTube channel ids never look alike, so a
   * platform is a set of channels.
   */
  async function channels(
    c: Context,
    asked: string | undefined,
    platformAsked?: string,
  ): Promise<string[]> {
    const userId = currentUser(c).id;
    const platform = platformParam(platformAsked);
    const twitch = platform === 'youtube' ? [] : await deps.channelsOf(userId);
    const youtube =
      platform === 'twitch' ? null : ((await deps.youtubeChannelOf?.(userId)) ?? null);
    const own = youtube === null ? twitch : [...twitch, youtube];
    const channel = channelParam(asked);
    if (channel === undefined) return own;
    if (!own.includes(channel)) {
      throw new DomainError(
        'forbidden',
        `channel "${channel}" is not one of your bot's channels (${own.join(', ') || 'none set'}); add it in the bot settings`,
      );
    }
    return [channel];
  }

  return new Hono()
    .get('/analytics/summary', async (c) => {
      const params = c.req.query();
      onlyParams(params, ['days', 'channel', 'platform']);
      const days = wholeNumber('days', params.days, 1, MAX_RANGE_DAYS, 7);
      const own = await channels(c, params.channel, params.platform);
      const summary = await deps.analytics.summary(own, days);
      return c.json(summary);
    })
    .get('/analytics/daily', async (c) => {
      const params = c.req.query();
      onlyParams(params, ['channel', 'platform', 'from', 'to']);
      const range = dayRange(params, now());
      const own = await channels(c, params.channel, params.platform);
      const days = await deps.analytics.days(own, range);
      return c.json({ ...range, days });
    })
    .get('/analytics/sessions', async (c) => {
      const params = c.req.query();
      onlyParams(params, ['channel', 'platform', 'limit']);
      const limit = wholeNumber('limit', params.limit, 1, MAX_SESSIONS, 20);
      const own = await channels(c, params.channel, params.platform);
      const sessions = await deps.analytics.sessions(own, limit);
      return c.json({ sessions: sessions.map(sessionTimes) });
    })
    .get('/analytics/sessions/:id', async (c) => {
      onlyParams(c.req.query(), []);
      const id = sessionId(c.req.param('id'));
      const session = await deps.analytics.session(id, await channels(c, undefined));
      return c.json({ session: sessionTimes(session) });
    })
    .get('/chat/messages', async (c) => {
      const params = c.req.query();
      onlyParams(params, ['channel', 'platform', 'q', 'cursor', 'limit']);
      const q = searchText(params.q);
      const limit = wholeNumber('limit', params.limit, 1, MAX_MESSAGES, 50);
      const after = decodeMessageCursor(params.cursor);
      const page = await deps.analytics.messages({
        channels: await channels(c, params.channel, params.platform),
        q,
        after,
        limit,
      });
      return c.json({ messages: page.messages.map(messageJson), nextCursor: page.nextCursor });
    });
}
