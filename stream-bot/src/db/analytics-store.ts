// Reads of the chat log and the analytics tables for the API and the NATS
// summary. Every read is limited to the channels the caller may see.
import type { SqlClient } from '@homelab/nats';
import type { ChatterCount, DailyRollup } from '../analytics/rollup.ts';

export interface StoredDay extends DailyRollup {
  platform: string;
  channel: string;
  day: string;
}

export interface SessionRow {
  id: string;
  platform: string;
  channel: string;
  startedAt: Date;
  lastMessageAt: Date;
  endedAt: Date | null;
}

export interface SessionListRow extends SessionRow {
  messages: number;
  uniqueChatters: number;
}

export interface LoggedMessage {
  id: string;
  platform: string;
  channel: string;
  messageId: string;
  chatterId: string;
  chatterLogin: string;
  chatterName: string;
  text: string;
  command: string | null;
  badges: string[];
  sentAt: Date;
}

export interface MessageCursor {
  sentAt: Date;
  id: string;
}

const time = (v: Date | string) => new Date(v);
const timeOrNull = (v: Date | string | null) => (v === null ? null : new Date(v));

interface DayRow {
  platform: string;
  channel: string;
  day: string;
  messages: number;
  unique_chatters: number;
  new_chatters: number;
  commands_run: number;
  peak_per_minute: number;
  command_usage: unknown;
  top_chatters: unknown;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

interface RawSession {
  id: string;
  platform: string;
  channel: string;
  started_at: Date | string;
  last_message_at: Date | string;
  ended_at: Date | string | null;
  messages?: number;
  unique_chatters?: number;
}

function toSession(r: RawSession): SessionRow {
  return {
    id: r.id,
    platform: r.platform,
    channel: r.channel,
    startedAt: time(r.started_at),
    lastMessageAt: time(r.last_message_at),
    endedAt: timeOrNull(r.ended_at),
  };
}

interface RawMessage {
  id: string;
  platform: string;
  channel: string;
  message_id: string;
  chatter_id: string;
  chatter_login: string;
  chatter_name: string;
  text: string;
  command: string | null;
  badges: string[];
  sent_at: Date | string;
}

/** LIKE pattern matching `q` anywhere, with its own % and _ taken literally. */
const containing = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createAnalyticsStore(sql: SqlClient) {
  return {
    async days(channels: readonly string[], from: string, to: string): Promise<StoredDay[]> {
      const rows = await sql.query<DayRow>(
        `SELECT platform, channel, day::text AS day, messages, unique_chatters, new_chatters,
  commands_run, peak_per_minute, command_usage, top_chatters
FROM analytics WHERE channel = ANY($1::text[]) AND day >= $2::date AND day <= $3::date
ORDER BY day, channel, platform`,
        [channels, from, to],
      );
      return rows.map((r) => ({
        platform: r.platform,
        channel: r.channel,
        day: r.day,
        messages: Number(r.messages),
        uniqueChatters: Number(r.unique_chatters),
        newChatters: Number(r.new_chatters),
        commandsRun: Number(r.commands_run),
        peakPerMinute: Number(r.peak_per_minute),
        commandUsage: json<Record<string, number>>(r.command_usage),
        topChatters: json<ChatterCount[]>(r.top_chatters),
      }));
    },

    /** Channels (of those given) with chat in [from, to). */
    async channelsWithChat(channels: readonly string[], from: Date, to: Date) {
      return sql.query<{ platform: string; channel: string }>(
        `SELECT DISTINCT platform, channel FROM stream_sessions
WHERE channel = ANY($1::text[]) AND last_message_at >= $2::timestamptz AND started_at < $3::timestamptz
ORDER BY platform, channel`,
        [channels, from.toISOString(), to.toISOString()],
      );
    },

    /** Messages, distinct chatters and the top ten since `since`; all channels when `channels` is null. */
    async chatSince(channels: readonly string[] | null, since: Date, top = 10) {
      const where = `sent_at >= $1::timestamptz${channels ? ' AND channel = ANY($2::text[])' : ''}`;
      const params: unknown[] = channels ? [since.toISOString(), channels] : [since.toISOString()];
      const [totals] = await sql.query<{ messages: number; chatters: number }>(
        `SELECT count(*)::int AS messages,
  count(DISTINCT (platform, chatter_id))::int AS chatters
FROM chat_messages WHERE ${where}`,
        params,
      );
      const topChatters = await sql.query<ChatterCount>(
        `SELECT chatter_login AS login, count(*)::int AS messages FROM chat_messages
WHERE ${where} GROUP BY chatter_login ORDER BY messages DESC, login LIMIT ${top}`,
        params,
      );
      return {
        messages: Number(totals?.messages ?? 0),
        uniqueChatters: Number(totals?.chatters ?? 0),
        topChatters: topChatters.map((c) => ({ login: c.login, messages: Number(c.messages) })),
      };
    },

    async sessions(channels: readonly string[], limit: number): Promise<SessionListRow[]> {
      const rows = await sql.query<RawSession>(
        `SELECT s.id::text AS id, s.platform, s.channel, s.started_at, s.last_message_at, s.ended_at,
  c.messages, c.unique_chatters
FROM (SELECT * FROM stream_sessions WHERE channel = ANY($1::text[])
      ORDER BY started_at DESC, id LIMIT $2::int) s
CROSS JOIN LATERAL (
  SELECT count(*)::int AS messages, count(DISTINCT chatter_id)::int AS unique_chatters
  FROM chat_messages m WHERE m.platform = s.platform AND m.channel = s.channel
    AND m.sent_at >= s.started_at AND m.sent_at <= s.last_message_at) c
ORDER BY s.started_at DESC, s.id`,
        [channels, limit],
      );
      return rows.map((r) => ({
        ...toSession(r),
        messages: Number(r.messages ?? 0),
        uniqueChatters: Number(r.unique_chatters ?? 0),
      }));
    },

    async session(id: string): Promise<SessionRow | null> {
      const [row] = await sql.query<RawSession>(
        `SELECT id::text AS id, platform, channel, started_at, last_message_at, ended_at
FROM stream_sessions WHERE id = $1::uuid`,
        [id],
      );
      return row ? toSession(row) : null;
    },

    /**
     * People (platform + chatter id) whose first message in any of `channels` came at or after
     * `since`: one who is new to two of the channels counts once, as unique chatters do.
     */
    async newChattersSince(channels: readonly string[], since: Date): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
  SELECT 1 FROM chatters WHERE channel = ANY($1::text[])
  GROUP BY platform, chatter_id HAVING min(first_seen_at) >= $2::timestamptz) first_seen`,
        [channels, since.toISOString()],
      );
      return Number(row?.n ?? 0);
    },

    /** Logins of the chatters whose first message in the channel falls in [from, to]. */
    async newChatters(
      key: { platform: string; channel: string },
      from: Date,
      to: Date,
      limit = 100,
    ) {
      const rows = await sql.query<{ login: string }>(
        `SELECT login FROM chatters WHERE platform = $1 AND channel = $2
AND first_seen_at >= $3::timestamptz AND first_seen_at <= $4::timestamptz
ORDER BY first_seen_at, login LIMIT $5::int`,
        [key.platform, key.channel, from.toISOString(), to.toISOString(), limit],
      );
      return rows.map((r) => r.login);
    },

    /** Newest first; `after` is the last message of the previous page. */
    async messages(query: {
      channels: readonly string[];
      q: string | undefined;
      after: MessageCursor | undefined;
      limit: number;
    }): Promise<LoggedMessage[]> {
      const params: unknown[] = [query.channels, query.limit];
      const filters = ['channel = ANY($1::text[])'];
      if (query.q) {
        params.push(containing(query.q));
        filters.push(`text ILIKE $${params.length}`);
      }
      if (query.after) {
        params.push(query.after.sentAt.toISOString(), query.after.id);
        filters.push(
          `(sent_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::bigint)`,
        );
      }
      const rows = await sql.query<RawMessage>(
        `SELECT id::text AS id, platform, channel, message_id, chatter_id, chatter_login,
  chatter_name, text, command, badges, sent_at
FROM chat_messages WHERE ${filters.join(' AND ')}
ORDER BY sent_at DESC, id DESC LIMIT $2::int`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        platform: r.platform,
        channel: r.channel,
        messageId: r.message_id,
        chatterId: r.chatter_id,
        chatterLogin: r.chatter_login,
        chatterName: r.chatter_name,
        text: r.text,
        command: r.command,
        badges: r.badges,
        sentAt: time(r.sent_at),
      }));
    },
  };
}

export type AnalyticsStore = ReturnType<typeof createAnalyticsStore>;
