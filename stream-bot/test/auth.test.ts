// Sessions and local login against the real service (Postgres, nats-server):
// every /api route but the public ones wants a session, a wrong password is
// answered 401 and, repeated, 429 with Retry-After; logout ends the session;
// state-changing requests from another origin are refused.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedAuthCases } from '../../tools/test-env/auth-cases.ts';
import { isPublicApiPath } from '../src/http/session.ts';
import { startTestService, TEST_PASSWORD, TEST_USERNAME, type TestService } from './harness.ts';

let svc: TestService;
let db: pg.Client;

beforeAll(async () => {
  svc = await startTestService();
  db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
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
    .find((c) => c.startsWith('sb_session='))
    ?.split(';')[0];

describe('the login cases every service shares', () => {
  sharedAuthCases({
    svc: () => svc,
    cookieName: 'sb_session',
    username: TEST_USERNAME,
    password: TEST_PASSWORD,
    isPublic: isPublicApiPath,
    expectGuarded: ['/api/facts', '/api/facts/latest'],
    readPath: '/api/facts',
    write: { method: 'POST', path: '/api/facts' },
  });
});

describe('the session guard', () => {
  it('leaves /api/info, /api/auth/me, health and the web UI public', async () => {
    expect((await svc.anonymous('/api/info')).status).toBe(200);
    expect((await svc.anonymous('/healthz')).status).toBe(200);
    expect((await svc.anonymous('/readyz')).status).toBe(200);
    expect((await svc.anonymous('/')).status).not.toBe(401);
    const me = await svc.anonymous('/api/auth/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: null,
      twitch: {
        configured: false,
        missing: ['TWITCH_CLIENT_ID', 'TWITCH_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY'],
      },
      local: { enabled: true },
    });
  });

  it('says what to set when Twitch login is not configured', async () => {
    const res = await svc.anonymous('/auth/twitch/login', { redirect: 'manual' });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: {
        code: 'unavailable',
        message:
          'Twitch login is not configured; set TWITCH_CLIENT_ID, TWITCH_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY',
      },
    });
  });
});

describe('local login', () => {
  it('signs in with the right password: an HttpOnly SameSite=Lax cookie, only its hash stored', async () => {
    const res = await login({ username: TEST_USERNAME, password: TEST_PASSWORD });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { id: expect.any(String), login: 'admin', displayName: 'admin', twitchId: null },
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('sb_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
    const token = sessionCookie(res)!.slice('sb_session='.length);
    const { rows } = await db.query<{ id: string }>('SELECT id FROM sessions');
    const ids = rows.map((r) => r.id);
    expect(ids).not.toContain(token);
    expect(ids).toContain(createHash('sha256').update(token).digest('hex'));

    const me = await svc.anonymous('/api/auth/me', { headers: { cookie: sessionCookie(res)! } });
    expect(((await me.json()) as { user: { login: string } }).user.login).toBe('admin');
  });

  it('ends the session on logout: the cookie is cleared and the row deleted', async () => {
    const res = await login({ username: TEST_USERNAME, password: TEST_PASSWORD });
    const cookie = sessionCookie(res)!;
    const token = cookie.slice('sb_session='.length);
    const hash = createHash('sha256').update(token).digest('hex');
    expect((await svc.anonymous('/api/facts', { headers: { cookie } })).status).toBe(200);

    const out = await svc.anonymous('/api/auth/logout', {
      method: 'POST',
      headers: { cookie, origin: new URL(svc.service.url).origin },
    });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join('\n')).toMatch(/sb_session=;.*Max-Age=0/);
    const { rowCount } = await db.query('SELECT 1 FROM sessions WHERE id = $1', [hash]);
    expect(rowCount).toBe(0);
    expect((await svc.anonymous('/api/facts', { headers: { cookie } })).status).toBe(401);
  });

  it('prunes nothing live and forgets an expired session', async () => {
    const res = await login({ username: TEST_USERNAME, password: TEST_PASSWORD });
    const cookie = sessionCookie(res)!;
    const hash = createHash('sha256').update(cookie.slice('sb_session='.length)).digest('hex');
    await db.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      hash,
    ]);
    expect((await svc.anonymous('/api/facts', { headers: { cookie } })).status).toBe(401);
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request with the cookie from another origin, and writes nothing', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM facts');
    const res = await svc.request('/api/facts', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'forbidden', message: expect.stringMatching(/cross-site request refused/) },
    });
    const after = await db.query('SELECT count(*)::int AS n FROM facts');
    expect(after.rows).toEqual(before.rows);
  });

  it('accepts a Referer from this service, and a login without any Origin (curl)', async () => {
    const res = await svc.anonymous('/api/facts', {
      method: 'POST',
      headers: {
        cookie: `sb_session=${svc.cookies.get('sb_session')}`,
        referer: `${svc.service.url}/trigger`,
      },
    });
    expect(res.status).toBe(201);
    expect((await login({ username: TEST_USERNAME, password: TEST_PASSWORD })).status).toBe(200);
  });
});
