// The chat log's writes: a batch of messages in one transaction (the messages,
// their chatters and the stream sessions they belong to), the daily roll-ups,
// and the pruning of old messages. Reads for the API are in analytics-store.ts.
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import { planSessions } from '../analytics/sessions.ts';
import { rollUp, type ChatCounts, type DailyRollup } from '../analytics/rollup.ts';
import type { Platform } from '../chat/types.ts';

/** One message as the chat log stores it. */
export interface ChatLogEntry {
  platform: Platform;
  channel: string;
  messageId: string;
  chatterId: string;
  chatterLogin: string;
  chatterName: string;
  text: string;
  /** The command it ran, without the prefix, lower case; null for plain chat. */
  command: string | null;
  badges: string[];
  sentAt: Date;
}

export interface ChannelKey {
  platform: string;
  channel: string;
}

export interface ChatLogStore {
  /** Stores the messages not stored yet; returns how many were new. */
  record(entries: readonly ChatLogEntry[]): Promise<number>;
  /** Counts for one channel over [from, to). */
  counts(key: ChannelKey, from: Date, to: Date): Promise<ChatCounts>;
  /** Recomputes one channel's day (YYYY-MM-DD, UTC) and stores it; the same input gives the same row. */
  rollUpDay(key: ChannelKey, day: string, from: Date, to: Date): Promise<DailyRollup>;
  /** Channels with chat at or after `since`. */
  activeChannels(since: Date): Promise<ChannelKey[]>;
  /** Channel-days with messages before `before` whose roll-up was computed before the day was over. */
  unfinishedDaysBefore(before: Date): Promise<(ChannelKey & { day: string })[]>;
  /**
   * Channel-days of the sessions active since `since` that have no final roll-up
   * (days the job missed, e.g. while the service was down).
   */
  unfinishedSessionDays(since: Date): Promise<(ChannelKey & { day: string })[]>;
  /** Deletes at most `limit` messages sent before `before`; returns how many. */
  deleteOlderThan(before: Date, limit: number): Promise<number>;
  /** Gives quiet sessions (last message before `before`) their end. */
  endQuietSessions(before: Date): Promise<number>;
}

const COLUMNS = 10;
/** A roll-up made this long after its day ended has every message of it (the recorder lags < 1 s). */
const FINAL_AFTER = `((d.day + 1)::timestamp AT TIME ZONE 'UTC') + interval '5 minutes'`;
const toTime = (d: Date) => d.toISOString();

interface InsertedRow {
  platform: string;
  channel: string;
  chatter_id: string;
  chatter_login: string;
  sent_at: Date | string;
}

function insertMessages(entries: readonly ChatLogEntry[]) {
  const values: unknown[] = [];
  const rows = entries.map((e, i) => {
    values.push(
      e.platform,
      e.channel,
      e.messageId,
      e.chatterId,
      e.chatterLogin,
      e.chatterName,
      e.text,
      e.command,
      e.badges,
      toTime(e.sentAt),
    );
    const p = (n: number) => `$${i * COLUMNS + n}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}::text[], ${p(10)}::timestamptz)`;
  });
  const sql = `INSERT INTO chat_messages
  (platform, channel, message_id, chatter_id, chatter_login, chatter_name, text, command, badges, sent_at)
VALUES ${rows.join(',\n  ')}
ON CONFLICT (platform, message_id) DO NOTHING
RETURNING platform, channel, chatter_id, chatter_login, sent_at`;
  return { sql, values };
}

interface ChatterDelta {
  platform: string;
  channel: string;
  chatterId: string;
  login: string;
  first: Date;
  last: Date;
  messages: number;
}

function chatterDeltas(rows: readonly InsertedRow[]): ChatterDelta[] {
  const byKey = new Map<string, ChatterDelta>();
  for (const row of rows) {
    const at = new Date(row.sent_at);
    const key = `${row.platform}\u0000${row.channel}\u0000${row.chatter_id}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, {
        platform: row.platform,
        channel: row.channel,
        chatterId: row.chatter_id,
        login: row.chatter_login,
        first: at,
        last: at,
        messages: 1,
      });
      continue;
    }
    seen.messages += 1;
    if (at < seen.first) seen.first = at;
    if (at >= seen.last) {
      seen.last = at;
      seen.login = row.chatter_login;
    }
  }
  // Always the same lock order, so two writers cannot deadlock on chatters rows.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, d]) => d);
}

async function upsertChatters(tx: SqlClient, deltas: readonly ChatterDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const values: unknown[] = [];
  const rows = deltas.map((d, i) => {
    values.push(
      d.platform,
      d.channel,
      d.chatterId,
      d.login,
      toTime(d.first),
      toTime(d.last),
      d.messages,
    );
    const p = (n: number) => `$${i * 7 + n}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}::timestamptz, ${p(6)}::timestamptz, ${p(7)}::int)`;
  });
  await tx.execute(
    `INSERT INTO chatters (platform, channel, chatter_id, login, first_seen_at, last_seen_at, messages)
VALUES ${rows.join(', ')}
ON CONFLICT (platform, channel, chatter_id) DO UPDATE SET
  login = CASE WHEN EXCLUDED.last_seen_at >= chatters.last_seen_at THEN EXCLUDED.login ELSE chatters.login END,
  first_seen_at = LEAST(chatters.first_seen_at, EXCLUDED.first_seen_at),
  last_seen_at = GREATEST(chatters.last_seen_at, EXCLUDED.last_seen_at),
  messages = chatters.messages + EXCLUDED.messages`,
    values,
  );
}

interface SessionRow {
  id: string;
  last_message_at: Date | string;
}

async function updateSessions(
  tx: SqlClient,
  rows: readonly InsertedRow[],
  gapMs: number,
): Promise<void> {
  const byChannel = new Map<string, { key: ChannelKey; times: Date[] }>();
  for (const row of rows) {
    const k = `${row.platform}\u0000${row.channel}`;
    const group = byChannel.get(k) ?? { key: row, times: [] };
    group.times.push(new Date(row.sent_at));
    byChannel.set(k, group);
  }
  for (const k of [...byChannel.keys()].sort()) {
    const { key, times } = byChannel.get(k)!;
    const [current] = await tx.query<SessionRow>(
      `SELECT id, last_message_at FROM stream_sessions WHERE platform = $1 AND channel = $2
ORDER BY started_at DESC LIMIT 1 FOR UPDATE`,
      [key.platform, key.channel],
    );
    const plan = planSessions(
      current ? { lastMessageAt: new Date(current.last_message_at) } : null,
      times,
      gapMs,
    );
    if (current && plan.extendCurrentTo) {
      await tx.execute(
        `UPDATE stream_sessions SET last_message_at = GREATEST(last_message_at, $2::timestamptz),
  ended_at = NULL WHERE id = $1::uuid`,
        [current.id, toTime(plan.extendCurrentTo)],
      );
    }
    if (plan.newSessions.length === 0) continue;
    if (current) {
      await tx.execute(
        'UPDATE stream_sessions SET ended_at = last_message_at WHERE id = $1::uuid',
        [current.id],
      );
    }
    for (const [i, s] of plan.newSessions.entries()) {
      const over = i < plan.newSessions.length - 1;
      await tx.execute(
        `INSERT INTO stream_sessions (platform, channel, started_at, last_message_at, ended_at)
VALUES ($1, $2, $3::timestamptz, $4::timestamptz, $5::timestamptz)`,
        [
          key.platform,
          key.channel,
          toTime(s.startedAt),
          toTime(s.lastMessageAt),
          over ? toTime(s.lastMessageAt) : null,
        ],
      );
    }
  }
}

const SPAN =
  'platform = $1 AND channel = $2 AND sent_at >= $3::timestamptz AND sent_at < $4::timestamptz';

export async function channelCounts(
  sql: SqlClient,
  key: ChannelKey,
  from: Date,
  to: Date,
): Promise<ChatCounts> {
  const params = [key.platform, key.channel, toTime(from), toTime(to)];
  const perMinute = await sql.query<{ minute: Date | string; messages: number }>(
    `SELECT date_trunc('minute', sent_at) AS minute, count(*)::int AS messages
FROM chat_messages WHERE ${SPAN} GROUP BY 1`,
    params,
  );
  const perChatter = await sql.query<{ login: string; messages: number }>(
    `SELECT max(chatter_login) AS login, count(*)::int AS messages
FROM chat_messages WHERE ${SPAN} GROUP BY chatter_id`,
    params,
  );
  const perCommand = await sql.query<{ command: string; runs: number }>(
    `SELECT command, count(*)::int AS runs FROM chat_messages
WHERE ${SPAN} AND command IS NOT NULL GROUP BY command`,
    params,
  );
  const [fresh] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM chatters WHERE platform = $1 AND channel = $2
AND first_seen_at >= $3::timestamptz AND first_seen_at < $4::timestamptz`,
    params,
  );
  return {
    perMinute: perMinute.map((m) => ({ minute: new Date(m.minute), messages: Number(m.messages) })),
    perChatter: perChatter.map((c) => ({ login: c.login, messages: Number(c.messages) })),
    perCommand: perCommand.map((c) => ({ command: c.command, runs: Number(c.runs) })),
    newChatters: Number(fresh?.n ?? 0),
  };
}

export function createChatLogStore(
  sql: SqlDatabase,
  options: { sessionGapMinutes: number },
): ChatLogStore {
  const gapMs = options.sessionGapMinutes * 60_000;
  return {
    record: async (entries) => {
      if (entries.length === 0) return 0;
      return sql.transaction(async (tx) => {
        const insert = insertMessages(entries);
        const inserted = await tx.query<InsertedRow>(insert.sql, insert.values);
        await upsertChatters(tx, chatterDeltas(inserted));
        await updateSessions(tx, inserted, gapMs);
        return inserted.length;
      });
    },

    counts: (key, from, to) => channelCounts(sql, key, from, to),

    rollUpDay: async (key, day, from, to) => {
      const figures = rollUp(await channelCounts(sql, key, from, to));
      await sql.execute(
        `INSERT INTO analytics (platform, channel, day, messages, unique_chatters, new_chatters,
  commands_run, peak_per_minute, command_usage, top_chatters, updated_at)
VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, now())
ON CONFLICT (platform, channel, day) DO UPDATE SET
  messages = EXCLUDED.messages, unique_chatters = EXCLUDED.unique_chatters,
  new_chatters = EXCLUDED.new_chatters, commands_run = EXCLUDED.commands_run,
  peak_per_minute = EXCLUDED.peak_per_minute, command_usage = EXCLUDED.command_usage,
  top_chatters = EXCLUDED.top_chatters, updated_at = now()`,
        [
          key.platform,
          key.channel,
          day,
          figures.messages,
          figures.uniqueChatters,
          figures.newChatters,
          figures.commandsRun,
          figures.peakPerMinute,
          JSON.stringify(figures.commandUsage),
          JSON.stringify(figures.topChatters),
        ],
      );
      return figures;
    },

    activeChannels: (since) =>
      sql.query<ChannelKey>(
        `SELECT DISTINCT platform, channel FROM stream_sessions
WHERE last_message_at >= $1::timestamptz ORDER BY platform, channel`,
        [toTime(since)],
      ),

    unfinishedDaysBefore: (before) =>
      sql.query<ChannelKey & { day: string }>(
        `SELECT d.platform, d.channel, d.day::text AS day FROM (
  SELECT DISTINCT platform, channel, (sent_at AT TIME ZONE 'UTC')::date AS day
  FROM chat_messages WHERE sent_at < $1::timestamptz) d
LEFT JOIN analytics a ON a.platform = d.platform AND a.channel = d.channel AND a.day = d.day
WHERE a.day IS NULL OR a.updated_at < ${FINAL_AFTER}
ORDER BY d.day, d.platform, d.channel`,
        [toTime(before)],
      ),

    unfinishedSessionDays: (since) =>
      sql.query<ChannelKey & { day: string }>(
        `SELECT DISTINCT d.platform, d.channel, d.day::text AS day FROM (
  SELECT platform, channel, generate_series((started_at AT TIME ZONE 'UTC')::date,
    (last_message_at AT TIME ZONE 'UTC')::date, interval '1 day')::date AS day
  FROM stream_sessions WHERE last_message_at >= $1::timestamptz) d
LEFT JOIN analytics a ON a.platform = d.platform AND a.channel = d.channel AND a.day = d.day
WHERE a.day IS NULL OR a.updated_at < ${FINAL_AFTER}
ORDER BY day, d.platform, d.channel`,
        [toTime(since)],
      ),

    deleteOlderThan: (before, limit) =>
      sql.execute(
        `DELETE FROM chat_messages WHERE id IN (
  SELECT id FROM chat_messages WHERE sent_at < $1::timestamptz LIMIT $2::int)`,
        [toTime(before), limit],
      ),

    endQuietSessions: (before) =>
      sql.execute(
        `UPDATE stream_sessions SET ended_at = last_message_at
WHERE ended_at IS NULL AND last_message_at < $1::timestamptz`,
        [toTime(before)],
      ),
  };
}
