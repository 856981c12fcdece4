// Sessions and local login against the real service (Postgres, nats-server):
// every /api route but the public ones wants a session; the local admin signs
// in (only the token's hash stored), a wrong password is 401 and, repeated,
// 429 with Retry-After; logout ends the session; a foreign origin is refused;
// the local admin sees every guild the bot is in and edits its settings, which
// are validated (a bad body is a 400 that writes nothing).
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedAuthCases } from '../../tools/test-env/auth-cases.ts';
import { isPublicApiPath, SESSION_COOKIE } from '../src/http/session.ts';
import { startTestService, TEST_PASSWORD, TEST_USERNAME, type TestService } from './harness.ts';

let svc: TestService;
let db: pg.Client;

const GUILD = '1098765432109876543';
const LEFT = '1098765432109876544';

beforeAll(async () => {
  svc = await startTestService();
  db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
  await db.query(
    `INSERT INTO guilds (id, name, member_count, left_at) VALUES
       ($1, 'Homelab Friends', 42, NULL), ($2, 'Old Server', 3, now())`,
    [GUILD, LEFT],
  );
});
afterAll(async () => {
  await db.end();
  await svc.stop();
});

const login = (body: unknown, headers: Record<string, string> = {}) =>
  svc.anonymous('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const sessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
    ?.split(';')[0];

describe('the login cases every service shares', () => {
  sharedAuthCases({
    svc: () => svc,
    cookieName: SESSION_COOKIE,
    username: TEST_USERNAME,
    password: TEST_PASSWORD,
    isPublic: isPublicApiPath,
    expectGuarded: ['/api/guilds', '/api/tickets'],
    readPath: '/api/guilds',
    write: {
      method: 'PUT',
      path: `/api/guilds/${GUILD}/settings`,
      body: { maxOpenTicketsPerMember: 3 },
    },
  });
});

describe('the session guard', () => {
  it('leaves /api/info, /api/auth/me, health and the web UI public', async () => {
    expect((await svc.anonymous('/api/info')).status).toBe(200);
    expect((await svc.anonymous('/healthz')).status).toBe(200);
    expect((await svc.anonymous('/')).status).not.toBe(401);
    const me = await svc.anonymous('/api/auth/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: null,
      discord: {
        configured: false,
        missing: ['DISCORD_CLIENT_ID', 'DISCORD_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'],
        // PUBLIC_URL's default (the harness listens on PORT=0, any free port).
        redirectUri: 'http://localhost:0/auth/discord/callback',
      },
      local: { enabled: true },
    });
  });

  it('says what to set when Discord login is not configured', async () => {
    const res = await svc.anonymous('/auth/discord/login', { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: 'unavailable',
        message:
          'Discord login is not configured; set DISCORD_CLIENT_ID, DISCORD_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY',
      },
    });
  });
});

describe('local login', () => {
  it('signs in the local admin: an HttpOnly SameSite=Lax cookie, only its hash stored', async () => {
    const res = await login({ username: TEST_USERNAME, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: {
        id: expect.any(String),
        discordId: null,
        username: 'admin',
        globalName: null,
        avatar: null,
        admin: true,
        managedGuildIds: [],
      },
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    const token = sessionCookie(res)!.slice(SESSION_COOKIE.length + 1);
    const { rows } = await db.query<{ id: string }>('SELECT id FROM sessions');
    const ids = rows.map((r) => r.id);
    expect(ids).not.toContain(token);
    expect(ids).toContain(createHash('sha256').update(token).digest('hex'));
  });

  it('ends the session on logout: the cookie is cleared and the row deleted', async () => {
    const res = await login({ username: TEST_USERNAME, password: TEST_PASSWORD });
    const cookie = sessionCookie(res)!;
    const hash = createHash('sha256')
      .update(cookie.slice(SESSION_COOKIE.length + 1))
      .digest('hex');
    expect((await svc.anonymous('/api/guilds', { headers: { cookie } })).status).toBe(200);
    const out = await svc.anonymous('/api/auth/logout', {
      method: 'POST',
      headers: { cookie, origin: new URL(svc.service.url).origin },
    });
    expect(out.status).toBe(200);
    const { rowCount } = await db.query('SELECT 1 FROM sessions WHERE id = $1', [hash]);
    expect(rowCount).toBe(0);
    expect((await svc.anonymous('/api/guilds', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a state-changing request with the cookie from another origin, writing nothing', async () => {
    const res = await svc.request(`/api/guilds/${GUILD}/settings`, {
      method: 'PUT',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ maxOpenTicketsPerMember: 3 }),
    });
    expect(res.status).toBe(403);
    const { rowCount } = await db.query('SELECT 1 FROM guild_settings WHERE guild_id = $1', [
      GUILD,
    ]);
    expect(rowCount).toBe(0);
  });
});

describe('guilds and their settings, as the local admin', () => {
  it('lists every guild the bot is in, not those it left', async () => {
    const body = (await (await svc.get('/api/guilds')).json()) as { guilds: { guildId: string }[] };
    expect(body.guilds.map((g) => g.guildId)).toEqual([GUILD]);
  });

  it('gives the defaults for a guild without settings, 404 for an unknown or left guild', async () => {
    const res = await svc.get(`/api/guilds/${GUILD}/settings`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      guildId: GUILD,
      settings: {
        ticketCategoryId: null,
        staffRoleIds: [],
        maxOpenTicketsPerMember: 1,
        ticketQuestions: [],
        autoCloseHours: null,
        panelChannelId: null,
        panelMessageId: null,
        unverifiedRoleId: null,
        verifiedRoleId: null,
        verificationQuestion: null,
        verificationAnswer: null,
        logChannelId: null,
      },
    });
    expect((await svc.get('/api/guilds/1000000000000000001/settings')).status).toBe(404);
    expect((await svc.get(`/api/guilds/${LEFT}/settings`)).status).toBe(404);
  });

  it('saves valid settings, keeping fields the body leaves out', async () => {
    const put = await svc.put(`/api/guilds/${GUILD}/settings`, {
      ticketCategoryId: '1100000000000000001',
      staffRoleIds: ['1100000000000000002'],
      maxOpenTicketsPerMember: 3,
      ticketQuestions: [{ label: 'What happened?', style: 'paragraph', required: true }],
      autoCloseHours: 48,
    });
    expect(put.status).toBe(200);
    const second = await svc.put(`/api/guilds/${GUILD}/settings`, {
      logChannelId: '1100000000000000003',
      verificationQuestion: '  ',
    });
    const { settings } = (await second.json()) as { settings: Record<string, unknown> };
    expect(settings).toMatchObject({
      ticketCategoryId: '1100000000000000001',
      staffRoleIds: ['1100000000000000002'],
      maxOpenTicketsPerMember: 3,
      ticketQuestions: [{ label: 'What happened?', style: 'paragraph', required: true }],
      autoCloseHours: 48,
      logChannelId: '1100000000000000003',
      verificationQuestion: null,
    });
    expect(await (await svc.get(`/api/guilds/${GUILD}/settings`)).json()).toEqual({
      guildId: GUILD,
      settings,
    });
  });

  it('refuses bad settings with 400 naming the field, and writes nothing', async () => {
    const before = await db.query('SELECT * FROM guild_settings WHERE guild_id = $1', [GUILD]);
    const question = { label: 'Q', style: 'short', required: false };
    const bad: [unknown, RegExp][] = [
      [{ ticketCategoryId: 'general' }, /ticketCategoryId: expected the category's Discord id/],
      [{ staffRoleIds: ['12'] }, /staffRoleIds\.0/],
      [
        { maxOpenTicketsPerMember: 0 },
        /maxOpenTicketsPerMember: expected a whole number from 1 to 10/,
      ],
      [{ maxOpenTicketsPerMember: 11 }, /maxOpenTicketsPerMember/],
      [{ autoCloseHours: 721 }, /autoCloseHours: expected hours from 1 to 720/],
      [{ autoCloseHours: 0.5 }, /autoCloseHours/],
      [
        { ticketQuestions: Array(6).fill(question) },
        /ticketQuestions: expected at most 5 questions/,
      ],
      [{ ticketQuestions: [{ ...question, style: 'long' }] }, /ticketQuestions\.0\.style/],
      [{ ticketQuestions: [{ ...question, label: '' }] }, /a question needs a label/],
      [{ panelMessageId: '1100000000000000009' }, /panelMessageId/],
      [
        { verifiedRoleId: '1100000000000000005', unverifiedRoleId: '1100000000000000005' },
        /verified role must differ/,
      ],
    ];
    for (const [body, message] of bad) {
      const res = await svc.put(`/api/guilds/${GUILD}/settings`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { error: { code: string; message: string } };
      expect(err.error.code).toBe('invalid_input');
      expect(err.error.message).toMatch(message);
    }
    const notJson = await svc.request(`/api/guilds/${GUILD}/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
    const after = await db.query('SELECT * FROM guild_settings WHERE guild_id = $1', [GUILD]);
    expect(after.rows).toEqual(before.rows);
  });
});
