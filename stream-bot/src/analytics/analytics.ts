// The analytics a person reads: a summary over N days, daily figures, stream
// sessions and the chat log itself, always limited to the channels given.
// Stored daily roll-ups answer for past days; today is computed from the chat
// log on the spot, so it is never an hour behind.
import { DomainError } from '../domain/errors.ts';
import type { AnalyticsStore, LoggedMessage, StoredDay } from '../db/analytics-store.ts';
import type { ChatLogStore } from '../db/chat-log-store.ts';
import { encodeMessageCursor, type DayRange } from './analytics-input.ts';
import {
  addDays,
  dayOf,
  dayStart,
  DAY_MS,
  minuteSeries,
  mergeUsage,
  rollUp,
  topChatters,
  type ChatterCount,
} from './rollup.ts';
import { sessionEnd } from './sessions.ts';
import type { MessageCursor } from '../db/analytics-store.ts';

/** The per-minute series of a session covers at most its last 48 hours (2,880 points). */
const MAX_SERIES_MS = 48 * 3_600_000;

export interface AnalyticsDeps {
  reads: AnalyticsStore;
  log: Pick<ChatLogStore, 'counts'>;
  sessionGapMinutes: number;
  retentionDays: number;
  now?: () => Date;
}

export interface DayFigures extends StoredDay {
  /** Computed from the chat log just now (today), not read from a stored roll-up. */
  live: boolean;
}

export function createAnalytics(deps: AnalyticsDeps) {
  const { reads } = deps;
  const now = deps.now ?? (() => new Date());
  const gapMs = deps.sessionGapMinutes * 60_000;

  async function days(channels: readonly string[], range: DayRange): Promise<DayFigures[]> {
    if (channels.length === 0) return [];
    const today = dayOf(now());
    const stored = await reads.days(channels, range.from, range.to);
    const result: DayFigures[] = stored
      .filter((d) => d.day !== today)
      .map((d) => ({ ...d, live: false }));
    if (range.from <= today && today <= range.to) {
      const from = dayStart(today);
      const to = new Date(from.getTime() + DAY_MS);
      for (const key of await reads.channelsWithChat(channels, from, to)) {
        const figures = rollUp(await deps.log.counts(key, from, to));
        if (figures.messages > 0) result.push({ ...key, day: today, ...figures, live: true });
      }
    }
    return result.sort(
      (a, b) =>
        a.day.localeCompare(b.day) ||
        a.channel.localeCompare(b.channel) ||
        a.platform.localeCompare(b.platform),
    );
  }

  return {
    days,

    /** Totals over the last `dayCount` days (today included) and one entry per day. */
    async summary(channels: readonly string[], dayCount: number) {
      const to = dayOf(now());
      const from = addDays(to, 1 - dayCount);
      const perChannelDay = await days(channels, { from, to });
      const byDay = new Map<
        string,
        { messages: number; commandsRun: number; newChatters: number }
      >();
      for (const d of perChannelDay) {
        const sum = byDay.get(d.day) ?? { messages: 0, commandsRun: 0, newChatters: 0 };
        sum.messages += d.messages;
        sum.commandsRun += d.commandsRun;
        sum.newChatters += d.newChatters;
        byDay.set(d.day, sum);
      }
      const chat =
        channels.length === 0
          ? { messages: 0, uniqueChatters: 0, topChatters: [] as ChatterCount[] }
          : await reads.chatSince(channels, dayStart(from));
      return {
        from,
        to,
        channels: [...channels],
        messages: perChannelDay.reduce((n, d) => n + d.messages, 0),
        commandsRun: perChannelDay.reduce((n, d) => n + d.commandsRun, 0),
        // People new to the selected channels as a whole (per-day figures stay per channel).
        newChatters:
          channels.length === 0 ? 0 : await reads.newChattersSince(channels, dayStart(from)),
        peakPerMinute: perChannelDay.reduce((n, d) => Math.max(n, d.peakPerMinute), 0),
        commandUsage: mergeUsage(perChannelDay.map((d) => d.commandUsage)),
        // From the chat log itself: distinct people cannot be added up day by day.
        uniqueChatters: chat.uniqueChatters,
        topChatters: chat.topChatters,
        /** The chat log keeps this many days; unique and top chatters cover at most that. */
        retentionDays: deps.retentionDays,
        days: [...byDay.entries()].map(([day, sum]) => ({ day, ...sum })),
      };
    },

    async sessions(channels: readonly string[], limit: number) {
      if (channels.length === 0) return [];
      const at = now();
      return (await reads.sessions(channels, limit)).map((s) => ({
        ...s,
        endedAt: sessionEnd(s, at, gapMs),
      }));
    },

    /** One session in detail; not_found unless it is in one of the channels. */
    async session(id: string, channels: readonly string[]) {
      const s = await reads.session(id);
      if (!s || !channels.includes(s.channel)) {
        throw new DomainError('not_found', `no stream session ${id} in your channels`);
      }
      const at = now();
      const end = new Date(s.lastMessageAt.getTime() + 1);
      const counts = await deps.log.counts(s, s.startedAt, end);
      const figures = rollUp(counts);
      return {
        ...s,
        endedAt: sessionEnd(s, at, gapMs),
        /** Some of its messages are older than the chat log keeps; the figures miss them. */
        pruned: s.startedAt.getTime() < at.getTime() - deps.retentionDays * DAY_MS,
        messages: figures.messages,
        uniqueChatters: figures.uniqueChatters,
        commandsRun: figures.commandsRun,
        peakPerMinute: figures.peakPerMinute,
        commandUsage: figures.commandUsage,
        topChatters: topChatters(counts.perChatter),
        newChatters: {
          count: counts.newChatters,
          /** The first 100, in the order they arrived. */
          logins: await reads.newChatters(s, s.startedAt, s.lastMessageAt),
        },
        // A chat that never went quiet for the gap can make one session run for days.
        perMinute: minuteSeries(
          new Date(Math.max(s.startedAt.getTime(), s.lastMessageAt.getTime() - MAX_SERIES_MS)),
          s.lastMessageAt,
          counts.perMinute,
        ),
      };
    },

    async messages(query: {
      channels: readonly string[];
      q: string | undefined;
      after: MessageCursor | undefined;
      limit: number;
    }): Promise<{ messages: LoggedMessage[]; nextCursor: string | null }> {
      if (query.channels.length === 0) return { messages: [], nextCursor: null };
      const rows = await reads.messages({ ...query, limit: query.limit + 1 });
      const messages = rows.slice(0, query.limit);
      const last = messages.at(-1);
      return {
        messages,
        nextCursor: rows.length > query.limit && last ? encodeMessageCursor(last) : null,
      };
    },
  };
}

export type Analytics = ReturnType<typeof createAnalytics>;
