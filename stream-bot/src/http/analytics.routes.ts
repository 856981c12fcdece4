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
  /** The channels a user's bot reads (bot_config.channels). */
  channelsOf(userId: string): Promise<string[]>;
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

  /** The user's channels, or just the one asked for when it is one of them. */
  async function channels(c: Context, asked: string | undefined): Promise<string[]> {
    const own = await deps.channelsOf(currentUser(c).id);
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
      onlyParams(params, ['days', 'channel']);
      const days = wholeNumber('days', params.days, 1, MAX_RANGE_DAYS, 7);
      const summary = await deps.analytics.summary(await channels(c, params.channel), days);
      return c.json(summary);
    })
    .get('/analytics/daily', async (c) => {
      const params = c.req.query();
      onlyParams(params, ['channel', 'from', 'to']);
      const range = dayRange(params, now());
      const days = await deps.analytics.days(await channels(c, params.channel), range);
      return c.json({ ...range, days });
    })
    .get('/analytics/sessions', async (c) => {
      const params = c.req.query();
      onlyParams(params, ['channel', 'limit']);
      const limit = wholeNumber('limit', params.limit, 1, MAX_SESSIONS, 20);
      const sessions = await deps.analytics.sessions(await channels(c, params.channel), limit);
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
      onlyParams(params, ['channel', 'q', 'cursor', 'limit']);
      const q = searchText(params.q);
      const limit = wholeNumber('limit', params.limit, 1, MAX_MESSAGES, 50);
      const after = decodeMessageCursor(params.cursor);
      const page = await deps.analytics.messages({
        channels: await channels(c, params.channel),
        q,
        after,
        limit,
      });
      return c.json({ messages: page.messages.map(messageJson), nextCursor: page.nextCursor });
    });
}
