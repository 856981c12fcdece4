// YouTube live chat, end to end: the real service on Postgres and nats-server,
// the YouTube stand-in as Google's OAuth and the YouTube Data API, reached
// through the service's own HTTP clients. A connect with a bad state stores
// nothing; a good one stores sealed tokens; the reader finds the live chat,
// skips its backlog, answers !fact and mod-only commands by YouTube role,
// polls at the interval YouTube asks, stops on quotaExceeded (and says so) and
// resumes once the quota is back, and refreshes tokens after a 401.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../tools/test-env/ports.ts';
import { events, type SubscribedEvent } from '@homelab/nats';
import { eventually, serviceHarness, watchEvents } from '../../tools/test-env/service-harness.ts';
import { startYouTubeStandIn, type YouTubeStandIn } from '../../tools/test-env/youtube-stand-in.ts';
import type { IncomingChatMessage } from '../src/chat/types.ts';
import { loadConfig } from '../src/config.ts';
import { BUILTIN_FACTS } from '../src/domain/builtin-facts.ts';
import { startService, type RunningService } from '../src/service.ts';
import { onDatabase } from './chat-setup.ts';
import { TEST_PASSWORD, TEST_USERNAME, type TestService } from './harness.ts';

const KEY = '5a'.repeat(32);
const CHANNEL = { channelId: 'UCstreamerchannel0000001', title: 'Streamer Sam' };

const { startTestService } = serviceHarness<RunningService>({
  user: 'streambot',
  env: { WEB_USERNAME: TEST_USERNAME, WEB_PASSWORD: TEST_PASSWORD },
  start: (env) =>
    startService(loadConfig(env), undefined, {
      youtubeTiming: { pollFloorMs: 200, searchEveryMs: 300, backoffMs: 200, maxBackoffMs: 1_000 },
    }),
  async ready(svc) {
    const res = await svc.post('/api/auth/login', {
      username: TEST_USERNAME,
      password: TEST_PASSWORD,
    });
    if (res.status !== 200) throw new Error(`test login failed: ${res.status}`);
  },
});

let standIn: YouTubeStandIn;
let svc: TestService;
let base: string;
let liveChatId: string;
const heard: IncomingChatMessage[] = [];
const seen: SubscribedEvent[] = [];
let stopEvents: (() => Promise<void>) | undefined;

interface StoredAccount {
  user_id: string;
  channel_id: string;
  access_token_enc: string;
  refresh_token_enc: string | null;
  page_token: string | null;
  live_chat_id: string | null;
  quota_blocked_until: Date | null;
}

async function storedAccounts(): Promise<StoredAccount[]> {
  const { openSql } = await import('../../tools/test-env/pg-sql.ts');
  const sql = openSql(svc.database?.url ?? '');
  try {
    return await sql.query<StoredAccount>('SELECT * FROM youtube_accounts');
  } finally {
    await sql.end();
  }
}

const status = async () =>
  (await (await svc.get('/api/youtube')).json()) as {
    connected: boolean;
    enabled: boolean;
    channel: { id: string; title: string } | null;
    liveChat: { state: string; until?: string; message?: string } | null;
    quotaBlockedUntil: string | null;
    missing: string[];
  };

/** Follows the connect flow by hand: service → consent → callback, with the given state. */
async function connect(state?: string) {
  const start = await svc.request('/auth/youtube/connect', { redirect: 'manual' });
  expect(start.status).toBe(302);
  const consent = new URL(start.headers.get('location') ?? '');
  expect(consent.origin + consent.pathname).toBe(standIn.authUrl);
  expect(consent.searchParams.get('access_type')).toBe('offline');
  expect(consent.searchParams.get('prompt')).toBe('consent');
  expect(consent.searchParams.get('scope')).toContain('youtube.force-ssl');
  const back = await fetch(consent, { redirect: 'manual' });
  const callback = new URL(back.headers.get('location') ?? '');
  if (state !== undefined) callback.searchParams.set('state', state);
  return svc.request(callback.pathname + callback.search, { redirect: 'manual' });
}

beforeAll(async () => {
  standIn = await startYouTubeStandIn();
  standIn.setPollingInterval(700);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = (await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TOKEN_ENCRYPTION_KEY: KEY,
    YOUTUBE_CLIENT_ID: standIn.clientId,
    YOUTUBE_CLIENT_SECRET: standIn.clientSecret,
    YOUTUBE_AUTH_URL: standIn.authUrl,
    YOUTUBE_TOKEN_URL: standIn.tokenUrl,
    YOUTUBE_API_URL: standIn.apiUrl,
  })) as TestService;
  svc.service.chat.addListener((m) => void heard.push(m));
  const watch = await watchEvents('STREAMBOT_EVENTS', seen);
  stopEvents = () => watch.stop();
});

afterAll(async () => {
  await stopEvents?.();
  await svc?.stop();
  await standIn?.close();
});

it('refuses a connect callback with a bad state and stores nothing', async () => {
  standIn.consentAs(CHANNEL);
  const res = await connect('not-the-state-we-set');
  expect(res.status).toBe(400);
  expect(await storedAccounts()).toEqual([]);
  expect((await status()).connected).toBe(false);
});

it('connects a YouTube channel and stores its tokens sealed', async () => {
  const res = await connect();
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/youtube');
  const [row] = await storedAccounts();
  expect(row?.channel_id).toBe(CHANNEL.channelId);
  expect(row?.access_token_enc).toMatch(/^v1\./);
  expect(row?.access_token_enc).not.toContain('ya29.');
  expect(row?.refresh_token_enc).toMatch(/^v1\./);
  expect(row?.refresh_token_enc).not.toContain('1//');
  expect(await status()).toMatchObject({
    connected: true,
    enabled: false,
    channel: { id: CHANNEL.channelId, title: CHANNEL.title },
    liveChat: null,
  });
});

it('refuses bad input to PATCH /api/youtube and changes nothing', async () => {
  for (const body of [{ enabled: 'yes' }, {}, { enabled: true, extra: 1 }]) {
    const res = await svc.patch('/api/youtube', body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /enabled|extra|unrecognized/i,
    );
  }
  expect((await status()).enabled).toBe(false);
});

it('finds the live chat, skips its backlog and answers a viewer’s !fact', async () => {
  liveChatId = standIn.goLive(CHANNEL.channelId);
  standIn.viewerSays(liveChatId, { displayName: 'Early Ed' }, '!fact');
  const res = await svc.patch('/api/youtube', { enabled: true });
  expect(res.status).toBe(200);
  await eventually(async () => {
    if ((await status()).liveChat?.state !== 'reading') throw new Error('not reading yet');
  });
  await eventually(async () => {
    if (!(await storedAccounts())[0]?.page_token) throw new Error('no page token yet');
  });
  standIn.viewerSays(liveChatId, { displayName: 'Viewer Vee' }, '!fact');
  const reply = await standIn.waitForBotMessage(liveChatId, () => true);
  expect(BUILTIN_FACTS.some((f) => reply.text.includes(f.slice(0, 40)))).toBe(true);
  expect(reply.authorChannelId).toBe(CHANNEL.channelId);
  // The backlog's !fact was neither answered nor handed on.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(standIn.botMessages(liveChatId)).toHaveLength(1);
  expect(heard.some((m) => m.chatterName === 'Early Ed')).toBe(false);
  const vee = heard.find((m) => m.chatterName === 'Viewer Vee');
  expect(vee).toMatchObject({
    platform: 'youtube',
    channel: CHANNEL.channelId,
    role: 'everyone',
    self: false,
  });
  const run = await eventually(async () => {
    const e = seen.find((x) => x.subject === events.commandRun.subject);
    if (!e) throw new Error('no command.run yet');
    return e.envelope.data;
  });
  expect(run).toMatchObject({
    platform: 'youtube',
    channel: CHANNEL.channelId,
    command: 'fact',
    chatter: 'viewer vee',
  });
  // The bot's own line comes back as self.
  await eventually(async () => {
    if (!heard.some((m) => m.self && m.platform === 'youtube'))
      throw new Error('own line not read');
  });
});

it('maps YouTube roles: a mod-only command answers a moderator, not a viewer', async () => {
  const res = await svc.post('/api/bot/commands', {
    name: 'clip',
    response: 'Clip saved by {user}!',
    permission: 'moderator',
  });
  expect(res.status).toBe(201);
  standIn.viewerSays(liveChatId, { displayName: 'Viewer Vee' }, '!clip');
  standIn.viewerSays(liveChatId, { displayName: 'Member Max', sponsor: true }, '!clip');
  standIn.viewerSays(liveChatId, { displayName: 'Mod Mia', moderator: true }, '!clip');
  await standIn.waitForBotMessage(liveChatId, (m) => m.text.startsWith('Clip saved'));
  await new Promise((r) => setTimeout(r, 1_000));
  const clips = standIn.botMessages(liveChatId).filter((m) => m.text.startsWith('Clip saved'));
  expect(clips.map((m) => m.text)).toEqual(['Clip saved by Mod Mia!']);
  expect(heard.find((m) => m.chatterName === 'Member Max')?.role).toBe('subscriber');
  expect(heard.find((m) => m.chatterName === 'Mod Mia')?.role).toBe('moderator');
});

it('stores YouTube messages in the chat log with their platform', async () => {
  await eventually(async () => {
    const rows = await onDatabaseRows(
      "SELECT platform, channel, text FROM chat_messages WHERE platform = 'youtube' AND text = '!clip'",
    );
    if (rows.length < 3) throw new Error(`only ${rows.length} logged`);
  }, 15_000);
});

it('counts YouTube chat in analytics, filtered by platform', async () => {
  const daily = async (query: string) => {
    const res = await svc.get(`/api/analytics/daily${query}`);
    expect(res.status).toBe(200);
    return (
      (await res.json()) as { days: { platform: string; channel: string; messages: number }[] }
    ).days;
  };
  const youtube = await daily('?platform=youtube');
  expect(youtube.length).toBeGreaterThan(0);
  expect(youtube.every((d) => d.platform === 'youtube' && d.channel === CHANNEL.channelId)).toBe(
    true,
  );
  expect(await daily('?platform=twitch')).toEqual([]);
  expect(await daily(`?channel=${CHANNEL.channelId}`)).toEqual(youtube);
  const log = await svc.get('/api/chat/messages?platform=youtube&q=clip');
  const messages = ((await log.json()) as { messages: { platform: string }[] }).messages;
  expect(messages.length).toBeGreaterThanOrEqual(3);
  expect(messages.every((m) => m.platform === 'youtube')).toBe(true);
  const bad = await svc.get('/api/analytics/daily?platform=kick');
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('platform must be one of twitch, youtube');
});

it('polls no faster than the interval YouTube asks for', async () => {
  standIn.setPollingInterval(900);
  await new Promise((r) => setTimeout(r, 1_200));
  const from = standIn.polls(liveChatId).length;
  await new Promise((r) => setTimeout(r, 4_000));
  const times = standIn
    .polls(liveChatId)
    .slice(from)
    .map((d) => d.getTime());
  expect(times.length).toBeGreaterThanOrEqual(3);
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(880);
  // …and not much slower either.
  for (const gap of gaps) expect(gap).toBeLessThan(1_600);
  standIn.setPollingInterval(300);
});

it('stops polling on quotaExceeded until the quota resets, says so, and resumes after', async () => {
  standIn.failWith('quotaExceeded');
  await eventually(async () => {
    if ((await status()).liveChat?.state !== 'quota_blocked') throw new Error('not blocked yet');
  });
  const blocked = await status();
  expect(blocked.quotaBlockedUntil).not.toBeNull();
  expect(new Date(blocked.quotaBlockedUntil ?? 0).getTime()).toBeGreaterThan(Date.now());
  expect(blocked.liveChat?.message).toMatch(/quota.*midnight Pacific/);
  expect((await storedAccounts())[0]?.quota_blocked_until).not.toBeNull();
  const calls = standIn.polls(liveChatId).length;
  await new Promise((r) => setTimeout(r, 1_500));
  expect(standIn.polls(liveChatId).length).toBe(calls);

  // Midnight Pacific comes: the stored block lies in the past when the reader looks again.
  standIn.failWith(null);
  await onDatabase(
    svc,
    "UPDATE youtube_accounts SET quota_blocked_until = now() - interval '1 second'",
    [],
  );
  await svc.service.youtube.reload((await storedAccounts())[0]?.user_id ?? '');
  await eventually(async () => {
    if ((await status()).liveChat?.state !== 'reading') throw new Error('not reading again');
  });
  expect((await status()).quotaBlockedUntil).toBeNull();
  standIn.viewerSays(liveChatId, { displayName: 'Late Lou' }, '!clip please');
  standIn.viewerSays(liveChatId, { displayName: 'Mod Mia', moderator: true }, '!clip');
  await eventually(async () => {
    if (standIn.botMessages(liveChatId).filter((m) => m.text.startsWith('Clip saved')).length < 2) {
      throw new Error('no answer after the quota came back');
    }
  }, 15_000);
});

it('backs off on rateLimitExceeded and reports it', async () => {
  standIn.failWith('rateLimitExceeded');
  await eventually(async () => {
    if ((await status()).liveChat?.state !== 'rate_limited') throw new Error('not backing off yet');
  });
  const from = standIn.polls(liveChatId).length;
  await new Promise((r) => setTimeout(r, 2_500));
  const times = standIn
    .polls(liveChatId)
    .slice(from)
    .map((d) => d.getTime());
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
  // 200 ms doubling to the 1 s ceiling: never more than a handful of calls.
  expect(times.length).toBeLessThanOrEqual(5);
  for (const gap of gaps.slice(-1)) expect(gap).toBeGreaterThanOrEqual(390);
  standIn.failWith(null);
  await eventually(async () => {
    if ((await status()).liveChat?.state !== 'reading') throw new Error('not reading again');
  });
});

it('refreshes the access token before it expires, without a 401', async () => {
  const refreshes = standIn.refreshes;
  const unauthorized = standIn.unauthorized;
  await onDatabase(
    svc,
    "UPDATE youtube_accounts SET token_expires_at = now() + interval '30 seconds'",
    [],
  );
  await svc.service.youtube.reload((await storedAccounts())[0]?.user_id ?? '');
  await eventually(async () => {
    if (standIn.refreshes === refreshes) throw new Error('no refresh yet');
  });
  expect(standIn.unauthorized).toBe(unauthorized);
  await eventually(async () => {
    const [row] = await onDatabaseRows(
      "SELECT token_expires_at > now() + interval '10 minutes' AS later FROM youtube_accounts",
    );
    if (!(row as { later?: boolean } | undefined)?.later) throw new Error('expiry not stored yet');
  });
});

it('refreshes the access token after a 401, stores it sealed, and asks for a reconnect when refused', async () => {
  const before = (await storedAccounts())[0];
  const refreshes = standIn.refreshes;
  const { createSecretBox } = await import('@homelab/nats/web');
  const box = createSecretBox(Buffer.from(KEY, 'hex'));
  standIn.expireAccessToken(box.open(before?.access_token_enc ?? ''));
  await eventually(async () => {
    if (standIn.refreshes === refreshes) throw new Error('no refresh yet');
  });
  await eventually(async () => {
    const after = (await storedAccounts())[0];
    if (after?.access_token_enc === before?.access_token_enc) throw new Error('not stored yet');
    expect(after?.access_token_enc).toMatch(/^v1\./);
  });
  expect((await status()).liveChat?.state).toBe('reading');

  const now = (await storedAccounts())[0];
  standIn.revokeRefreshToken(box.open(now?.refresh_token_enc ?? ''));
  standIn.expireAccessToken(box.open(now?.access_token_enc ?? ''));
  await eventually(async () => {
    const s = await status();
    if (s.liveChat?.state !== 'reconnect_needed') throw new Error('not asking for a reconnect yet');
    expect((s as { reconnectNeeded?: boolean }).reconnectNeeded).toBe(true);
  });
});

it('disconnects: the grant is revoked, the row is gone and nothing is read', async () => {
  const { createSecretBox } = await import('@homelab/nats/web');
  const sealed = (await storedAccounts())[0]?.refresh_token_enc ?? '';
  const refreshToken = createSecretBox(Buffer.from(KEY, 'hex')).open(sealed);
  const res = await svc.del('/api/youtube');
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ connected: false, liveChat: null });
  expect(await storedAccounts()).toEqual([]);
  // Revoked at Google (already refused there by the test before: 400, still counted as done).
  expect(standIn.revocations).toEqual([refreshToken]);
  expect((await svc.patch('/api/youtube', { enabled: true })).status).toBe(409);
});

async function onDatabaseRows(statement: string) {
  const { openSql } = await import('../../tools/test-env/pg-sql.ts');
  const sql = openSql(svc.database?.url ?? '');
  try {
    return await sql.query(statement);
  } finally {
    await sql.end();
  }
}
