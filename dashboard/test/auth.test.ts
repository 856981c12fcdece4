// Sessions and the login against the real dashboard (Postgres, nats-server):
// every /api route but the public ones wants a session, wrong passwords are
// answered 401 and, repeated, 429; logout ends the session; state-changing
// requests from another origin are refused. The cases are shared with the
// other services (tools/test-env/auth-cases.ts); the dashboard's own follow.
import { createHash } from 'node:crypto';
import { isPublicApiPath } from '@homelab/nats/web';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedAuthCases } from '../../tools/test-env/auth-cases.ts';
import { SESSION_COOKIE } from '../src/http/session.ts';
import { startTestService, TEST_PASSWORD, TEST_USERNAME, type TestService } from './harness.ts';

let svc: TestService;
let db: pg.Client;

beforeAll(async () => {
  svc = await startTestService();
  db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await svc?.stop();
});

describe('the dashboard login', () => {
  sharedAuthCases({
    svc: () => svc,
    cookieName: SESSION_COOKIE,
    username: TEST_USERNAME,
    password: TEST_PASSWORD,
    isPublic: isPublicApiPath,
    expectGuarded: ['/api/facts/latest', '/api/events/recent', '/api/events/stream'],
    readPath: '/api/events/recent',
    write: { method: 'POST', path: '/api/auth/logout' },
  });

  it('keeps /api/info, /api/auth/me, the probes and the web UI public', async () => {
    for (const path of ['/api/info', '/healthz', '/readyz', '/', '/containers']) {
      expect((await svc.anonymous(path)).status, path).toBe(200);
    }
    const me = await svc.anonymous('/api/auth/me');
    expect(await me.json()).toEqual({ user: null });
  });

  it('stores only the hash of the session token and names the user in /api/auth/me', async () => {
    const token = svc.cookies.get(SESSION_COOKIE)!;
    const { rows } = await db.query<{ id: string }>('SELECT id FROM sessions');
    const ids = rows.map((r) => r.id);
    expect(ids).not.toContain(token);
    expect(ids).toContain(createHash('sha256').update(token).digest('hex'));
    const me = (await (await svc.get('/api/auth/me')).json()) as { user: { username: string } };
    expect(me.user).toEqual({ id: expect.any(String), username: TEST_USERNAME });
  });

  it('forgets an expired session', async () => {
    const res = await svc.anonymous('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: TEST_USERNAME, password: TEST_PASSWORD }),
    });
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    const hash = createHash('sha256')
      .update(cookie.slice(SESSION_COOKIE.length + 1))
      .digest('hex');
    await db.query(`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      hash,
    ]);
    expect((await svc.anonymous('/api/events/recent', { headers: { cookie } })).status).toBe(401);
  });
});
