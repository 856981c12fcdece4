// The chat log and its analytics against real Postgres and NATS: thousands of
// chat messages fed to the recorder the way the chat connector does, then the
// tables, the roll-up job, the HTTP API and the NATS summary checked against
// figures counted independently (analytics-data.ts).
import { closeBus, queries, request } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingChatMessage } from '../src/chat/types.ts';
import { burst, dayOf, expected, utcDayStart } from './analytics-data.ts';
import { startTestService, type TestService } from './harness.ts';
import { connectAs } from '../../tools/test-env/service-harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let svc: TestService;
let dashboard: NatsConnection;
let db: pg.Client;
let ownerId: string;

const now = new Date();
const d3 = utcDayStart(now, 3);
const today = dayOf(now);
const data = {} as Record<
  'beta40' | 'beta39' | 's1' | 'gamma' | 's2' | 'live',
  IncomingChatMessage[]
>;
let all: IncomingChatMessage[] = [];

beforeAll(async () => {
  svc = await startTestService();
  dashboard = await connectAs('dashboard');
  db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
  const me = (await (await svc.get('/api/auth/me')).json()) as { user: { id: string } };
  ownerId = me.user.id;
  await db.query(
    `INSERT INTO bot_config (user_id, channels) VALUES ($1, $2)
     ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels`,
    [ownerId, ['alpha', 'beta']],
  );
  const b = (spec: Parameters<typeof burst>[1], seed: number) => burst(ownerId, spec, seed);
  data.beta40 = b(
    {
      channel: 'beta',
      from: new Date(utcDayStart(now, 40).getTime() + 9 * HOUR),
      minutes: 30,
      messages: 400,
      chatters: 30,
    },
    1,
  );
  data.beta39 = b(
    {
      channel: 'beta',
      from: new Date(utcDayStart(now, 39).getTime() + 20 * HOUR),
      minutes: 20,
      messages: 200,
      chatters: 30,
      firstChatter: 20,
    },
    2,
  );
  data.s1 = b(
    {
      channel: 'alpha',
      from: new Date(d3.getTime() + 10 * HOUR),
      minutes: 60,
      messages: 2000,
      chatters: 120,
    },
    3,
  );
  data.gamma = b(
    {
      channel: 'gamma',
      from: new Date(d3.getTime() + 10 * HOUR),
      minutes: 60,
      messages: 500,
      chatters: 40,
    },
    4,
  );
  data.s2 = b(
    {
      channel: 'alpha',
      from: new Date(d3.getTime() + 12 * HOUR),
      minutes: 30,
      messages: 1000,
      chatters: 80,
      firstChatter: 100,
    },
    5,
  );
  data.live = b(
    {
      channel: 'alpha',
      from: new Date(now.getTime() - 10 * MINUTE),
      minutes: 8,
      messages: 300,
      chatters: 50,
      firstChatter: 150,
    },
    6,
  );
  all = [...data.beta40, ...data.beta39, ...data.s1, ...data.gamma, ...data.s2, ...data.live];
});

afterAll(async () => {
  await db?.end();
  await closeBus(dashboard);
  await svc?.stop();
});

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  return (await db.query(sql, params)).rows[0] as T;
}

async function json<T>(path: string, status = 200): Promise<T> {
  const res = await svc.get(path);
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

const last = (ms: IncomingChatMessage[]) => ms.at(-1)!.sentAt.toISOString();
const chattersOf = (...sets: IncomingChatMessage[][]) =>
  new Set(sets.flat().map((m) => m.chatterId));

describe('the recorder', () => {
  it('stores every message, its chatters and its sessions', async () => {
    const { recorder } = svc.service.chatLog;
    const started = performance.now();
    for (const m of all) recorder.listener(m);
    await recorder.flush();
    const ms = performance.now() - started;
    console.log(
      `chat log: stored ${all.length} messages in ${ms.toFixed(0)} ms = ${Math.round((all.length / ms) * 1000)} messages/s (batches of 200, one transaction each)`,
    );
    expect(recorder.stats()).toEqual({ stored: all.length, duplicates: 0, dropped: 0, queued: 0 });

    expect(await one('SELECT count(*)::int AS n FROM chat_messages')).toEqual({ n: all.length });
    const alpha = [...data.s1, ...data.s2, ...data.live];
    expect(
      await one(
        `SELECT count(*)::int AS chatters, sum(messages)::int AS messages, min(first_seen_at) AS first
         FROM chatters WHERE channel = 'alpha'`,
      ),
    ).toEqual({
      chatters: chattersOf(alpha).size,
      messages: alpha.length,
      first: data.s1[0]!.sentAt,
    });
    expect(
      await one(`SELECT count(*)::int AS n FROM chat_messages WHERE command = 'uptime'`),
    ).toEqual({ n: all.filter((m) => m.text.startsWith('!Uptime')).length });

    const { rows: sessions } = await db.query<{
      started_at: Date;
      last_message_at: Date;
      ended_at: Date | null;
    }>(
      `SELECT started_at, last_message_at, ended_at FROM stream_sessions WHERE channel = 'alpha' ORDER BY started_at`,
    );
    expect(
      sessions.map((s) => [
        s.started_at.toISOString(),
        s.last_message_at.toISOString(),
        s.ended_at?.toISOString() ?? null,
      ]),
    ).toEqual([
      [data.s1[0]!.sentAt.toISOString(), last(data.s1), last(data.s1)],
      [data.s2[0]!.sentAt.toISOString(), last(data.s2), last(data.s2)],
      [data.live[0]!.sentAt.toISOString(), last(data.live), null],
    ]);
    // beta: 40 and 39 days ago are far more than the gap apart.
    expect(
      await one(`SELECT count(*)::int AS n FROM stream_sessions WHERE channel = 'beta'`),
    ).toEqual({ n: 2 });
  });

  it('stores a message read twice only once', async () => {
    const { recorder } = svc.service.chatLog;
    const again = data.s1.slice(0, 500);
    for (const m of again)
      recorder.listener({ ...m, ownerId: '00000000-0000-0000-0000-000000000000' });
    for (const m of again.slice(0, 10)) recorder.listener(m);
    await recorder.flush();
    expect(recorder.stats()).toMatchObject({ stored: all.length, duplicates: 510, dropped: 0 });
    expect(await one('SELECT count(*)::int AS n FROM chat_messages')).toEqual({ n: all.length });
    expect(
      await one(`SELECT sum(messages)::int AS n FROM chatters WHERE channel = 'alpha'`),
    ).toEqual({
      n: data.s1.length + data.s2.length + data.live.length,
    });
  });
});

describe('the roll-up and retention job', () => {
  it('rolls up the days, then deletes messages past the retention and keeps their roll-ups', async () => {
    const result = await svc.service.chatLog.job.run();
    expect(result.deleted).toBe(data.beta40.length + data.beta39.length);
    expect(
      await one(`SELECT count(*)::int AS n FROM chat_messages WHERE channel = 'beta'`),
    ).toEqual({ n: 0 });
    expect(await one('SELECT count(*)::int AS n FROM chat_messages')).toEqual({
      n: all.length - data.beta40.length - data.beta39.length,
    });

    const row = async (channel: string, day: string) =>
      one<Record<string, unknown>>(
        `SELECT messages, unique_chatters AS "uniqueChatters", new_chatters AS "newChatters",
           commands_run AS "commandsRun", peak_per_minute AS "peakPerMinute",
           command_usage AS "commandUsage", top_chatters AS "topChatters"
         FROM analytics WHERE channel = $1 AND day = $2::date`,
        [channel, day],
      );
    const alphaD3 = [...data.s1, ...data.s2];
    expect(await row('alpha', dayOf(d3))).toEqual({
      ...expected(alphaD3),
      newChatters: chattersOf(alphaD3).size,
    });
    expect(await row('beta', dayOf(data.beta40[0]!.sentAt))).toEqual({
      ...expected(data.beta40),
      newChatters: chattersOf(data.beta40).size,
    });
    const newOn39 = [...chattersOf(data.beta39)].filter((id) => !chattersOf(data.beta40).has(id));
    expect(await row('beta', dayOf(data.beta39[0]!.sentAt))).toEqual({
      ...expected(data.beta39),
      newChatters: newOn39.length,
    });
  });

  it('gives the same rows when it runs again', async () => {
    const before = (await db.query('SELECT * FROM analytics ORDER BY channel, day')).rows.map(
      ({ updated_at: _, ...rest }: Record<string, unknown>) => rest,
    );
    await svc.service.chatLog.job.run();
    const after = (await db.query('SELECT * FROM analytics ORDER BY channel, day')).rows.map(
      ({ updated_at: _, ...rest }: Record<string, unknown>) => rest,
    );
    expect(after).toEqual(before);
  });
});

interface DayJson {
  channel: string;
  day: string;
  messages: number;
  uniqueChatters: number;
  newChatters: number;
  live: boolean;
}

describe('the analytics API', () => {
  it('answers daily figures from the roll-ups and today from the chat log', async () => {
    const from = dayOf(utcDayStart(now, 40));
    const body = await json<{ from: string; to: string; days: DayJson[] }>(
      `/api/analytics/daily?from=${from}&to=${today}`,
    );
    expect(body.from).toBe(from);
    const alphaD3 = body.days.find((d) => d.channel === 'alpha' && d.day === dayOf(d3));
    expect(alphaD3).toMatchObject({ ...expected([...data.s1, ...data.s2]), live: false });
    expect(body.days.filter((d) => d.channel === 'beta')).toHaveLength(2);
    expect(body.days.some((d) => d.channel === 'gamma')).toBe(false);
    const liveToday = data.live.filter((m) => dayOf(m.sentAt) === today);
    expect(body.days.find((d) => d.channel === 'alpha' && d.day === today)).toMatchObject({
      ...expected(liveToday),
      live: true,
    });
  });

  it('sums a channel over the last days, unique chatters counted once', async () => {
    const alpha = [...data.s1, ...data.s2, ...data.live];
    const body = await json<Record<string, unknown>>('/api/analytics/summary?days=7&channel=alpha');
    const want = expected(alpha);
    expect(body).toMatchObject({
      channels: ['alpha'],
      messages: want.messages,
      commandsRun: want.commandsRun,
      uniqueChatters: want.uniqueChatters,
      newChatters: chattersOf(alpha).size,
      commandUsage: want.commandUsage,
      topChatters: want.topChatters,
      retentionDays: 30,
    });
  });

  it('counts a chatter new to several channels once in a summary over all of them', async () => {
    const body = await json<{
      from: string;
      channels: string[];
      uniqueChatters: number;
      newChatters: number;
    }>('/api/analytics/summary?days=7');
    expect(body.channels.length).toBeGreaterThan(1);
    const start = Date.parse(`${body.from}T00:00:00Z`);
    const first = new Map<string, number>();
    for (const m of all.filter((x) => body.channels.includes(x.channel))) {
      const at = m.sentAt.getTime();
      first.set(m.chatterId, Math.min(first.get(m.chatterId) ?? at, at));
    }
    const fresh = [...first.values()].filter((at) => at >= start).length;
    expect(fresh).toBeGreaterThan(0);
    expect(body.newChatters).toBe(fresh);
    expect(body.newChatters).toBeLessThanOrEqual(body.uniqueChatters);
  });

  it('lists the sessions newest first and shows one in detail', async () => {
    const { sessions } = await json<{
      sessions: {
        id: string;
        startedAt: string;
        endedAt: string | null;
        live: boolean;
        messages: number;
      }[];
    }>('/api/analytics/sessions?channel=alpha&limit=10');
    expect(sessions.map((s) => [s.messages, s.live])).toEqual([
      [data.live.length, true],
      [data.s2.length, false],
      [data.s1.length, false],
    ]);
    const { session } = await json<{
      session: {
        messages: number;
        uniqueChatters: number;
        perMinute: { minute: string; messages: number }[];
        topChatters: unknown;
        commandUsage: unknown;
        newChatters: { count: number; logins: string[] };
        endedAt: string;
      };
    }>(`/api/analytics/sessions/${sessions[1]!.id}`);
    const want = expected(data.s2);
    expect(session).toMatchObject({
      messages: want.messages,
      uniqueChatters: want.uniqueChatters,
      topChatters: want.topChatters,
      commandUsage: want.commandUsage,
      endedAt: last(data.s2),
    });
    expect(session.perMinute).toHaveLength(30);
    expect(session.perMinute.reduce((n, m) => n + m.messages, 0)).toBe(data.s2.length);
    const fresh = [...chattersOf(data.s2)].filter((id) => !chattersOf(data.s1).has(id));
    expect(session.newChatters.count).toBe(fresh.length);
    expect(new Set(session.newChatters.logins)).toEqual(
      new Set(fresh.map((id) => `viewer${id.slice(1)}`)),
    );
  });

  it('searches the chat log newest first and pages with the cursor', async () => {
    const needles = [...data.s1, ...data.s2, ...data.live]
      .filter((m) => m.text.includes('needle_'))
      .sort(
        (a, b) => b.sentAt.getTime() - a.sentAt.getTime() || (a.messageId < b.messageId ? 1 : -1),
      );
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { messages: { messageId: string; text: string }[]; nextCursor: string | null } =
        await json(
          `/api/chat/messages?q=${encodeURIComponent('0% needle_')}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
        );
      expect(page.messages.length).toBeLessThanOrEqual(7);
      seen.push(...page.messages.map((m) => m.messageId));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(needles.map((m) => m.messageId));
    // % and _ are literal: "needle%" would match everything if they were not.
    expect(
      (await json<{ messages: unknown[] }>('/api/chat/messages?q=needle%25')).messages,
    ).toEqual([]);
  });

  it('shows nothing of a channel that is not in the bot settings', async () => {
    const res = await svc.get('/api/chat/messages?channel=gamma');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /channel "gamma" is not one of your bot's channels \(alpha, beta\)/,
    );
    const page = await json<{ messages: { channel: string }[] }>('/api/chat/messages?limit=200');
    expect(page.messages.every((m) => m.channel === 'alpha')).toBe(true);
    const { rows } = await db.query<{ id: string }>(
      `SELECT id::text FROM stream_sessions WHERE channel = 'gamma'`,
    );
    expect((await svc.get(`/api/analytics/sessions/${rows[0]!.id}`)).status).toBe(404);
  });

  it.each([
    ['/api/analytics/summary?days=0', /days must be a whole number from 1 to 366/],
    ['/api/analytics/summary?days=400', /days must be a whole number from 1 to 366/],
    ['/api/analytics/summary?weeks=2', /unknown query parameter weeks; expected days, channel/],
    ['/api/analytics/daily?from=2026-02-30', /from must be a date written YYYY-MM-DD/],
    ['/api/analytics/daily?from=2024-01-01&to=2026-01-01', /ask for at most 366/],
    ['/api/analytics/daily?from=2026-05-02&to=2026-05-01', /from \(2026-05-02\) is after to/],
    ['/api/analytics/sessions?limit=101', /limit must be a whole number from 1 to 100/],
    ['/api/analytics/sessions/not-a-uuid', /"not-a-uuid" is not a session id/],
    ['/api/analytics/sessions?channel=no%20spaces', /neither a Twitch channel name/],
    ['/api/analytics/daily?platform=kick', /platform must be one of twitch, youtube/],
    ['/api/chat/messages?limit=500', /limit must be a whole number from 1 to 200/],
    ['/api/chat/messages?cursor=bm9wZQ', /cursor is not one this service gave out/],
    ['/api/chat/messages?q=' + 'x'.repeat(201), /q is longer than 200 characters/],
  ])('refuses %s with a 400 that says what is wrong', async (path, message) => {
    const body = await json<{ error: { code: string; message: string } }>(path, 400);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(message);
  });

  it('needs a session', async () => {
    expect((await svc.anonymous('/api/analytics/summary')).status).toBe(401);
    expect((await svc.anonymous('/api/chat/messages')).status).toBe(401);
  });
});

describe('analytics over NATS', () => {
  it('answers analyticsSummary with the real figures of every channel', async () => {
    const recent = [...data.s1, ...data.gamma, ...data.s2, ...data.live];
    const summary = await request(dashboard, queries.analyticsSummary, { sinceHours: 24 * 5 });
    const byLogin = new Map<string, number>();
    for (const m of recent) byLogin.set(m.chatterLogin, (byLogin.get(m.chatterLogin) ?? 0) + 1);
    const top = [...byLogin]
      .map(([username, messages]) => ({ username, messages }))
      .sort((a, b) => b.messages - a.messages || (a.username < b.username ? -1 : 1))
      .slice(0, 10);
    expect(summary).toMatchObject({
      messages: recent.length,
      uniqueChatters: chattersOf(recent).size,
      factsPosted: 0,
      topChatters: top,
    });
  });
});
