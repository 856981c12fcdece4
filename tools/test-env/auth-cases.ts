// The login and session cases every service with a web login must pass, as one
// helper: call it inside a describe() of a test file that has a running,
// signed-in test service. What differs between services (cookie name, a
// protected route to read and one to write, the login's user) comes in options.
import { expect, it } from 'vitest';
import type { StartedService, TestService } from './service-harness.ts';

export interface AuthCaseOptions<S extends StartedService & { routes: Route[] }> {
  svc: () => TestService<S>;
  cookieName: string;
  username: string;
  password: string;
  /** Paths the guard lets through (e.g. isPublicApiPath from @homelab/nats/web). */
  isPublic(path: string): boolean;
  /** Guarded routes that must at least exist (routes added later are covered by the same loop). */
  expectGuarded: string[];
  /** A GET a signed-in user may make (200), used to tell a live session from an ended one. */
  readPath: string;
  /** A state-changing request a signed-in user may make; used for the cross-site cases. */
  write: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown };
}

interface Route {
  method: string;
  path: string;
}

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

export function sharedAuthCases<S extends StartedService & { routes: Route[] }>(
  o: AuthCaseOptions<S>,
): void {
  const login = (body: unknown, headers: Record<string, string> = {}) =>
    o.svc().anonymous('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const cookieOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${o.cookieName}=`))
      ?.split(';')[0];
  const origin = () => new URL(o.svc().service.url).origin;

  it('answers every non-public /api route with 401 without a session', async () => {
    const guarded = o
      .svc()
      .service.routes.filter(
        (r) => r.path.startsWith('/api/') && !r.path.includes('*') && !o.isPublic(r.path),
      );
    expect(guarded.map((r) => r.path)).toEqual(expect.arrayContaining(o.expectGuarded));
    for (const route of guarded) {
      const method = route.method === 'ALL' ? 'GET' : route.method;
      const path = route.path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, SAMPLE_ID);
      const res = await o.svc().anonymous(path, {
        method,
        ...(method === 'GET' || method === 'HEAD'
          ? {}
          : { headers: { 'content-type': 'application/json', origin: origin() }, body: '{}' }),
      });
      expect(res.status, `${method} ${path}`).toBe(401);
      if (method !== 'HEAD') {
        const body = (await res.json()) as { error: { code: string } };
        expect(body.error.code, `${method} ${path}`).toBe('unauthenticated');
      }
    }
  });

  it('refuses a made-up session cookie', async () => {
    const fake = `${o.cookieName}=${'A'.repeat(43)}`;
    const res = await o.svc().anonymous(o.readPath, { headers: { cookie: fake } });
    expect(res.status).toBe(401);
  });

  it('signs in with the right password: an HttpOnly SameSite cookie', async () => {
    const res = await login({ username: o.username, password: o.password });
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${o.cookieName}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=(Lax|Strict)/);
    const ok = await o.svc().anonymous(o.readPath, { headers: { cookie: cookieOf(res)! } });
    expect(ok.status).toBe(200);
  });

  it('answers a wrong password with 401 and, after 5 failures, 429 with Retry-After', async () => {
    // Another user name: the harness's own login stays unaffected.
    const wrong = { username: 'Someone', password: 'wrong-password' };
    for (let i = 0; i < 5; i++) {
      const res = await login(wrong);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { code: 'unauthenticated', message: 'wrong user name or password' },
      });
    }
    const locked = await login(wrong);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Locked is locked: even the right password for that name waits.
    expect((await login({ username: 'someone', password: o.password })).status).toBe(429);
    // Another user name from the same address is not.
    expect((await login({ username: o.username, password: 'nope-nope' })).status).toBe(401);
    expect((await login({ username: o.username, password: o.password })).status).toBe(200);
  });

  it('rejects a login body without the fields with 400', async () => {
    const res = await login({ username: o.username });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/password/);
  });

  it('ends the session on logout: the cookie is cleared and no longer opens anything', async () => {
    const cookie = cookieOf(await login({ username: o.username, password: o.password }))!;
    expect((await o.svc().anonymous(o.readPath, { headers: { cookie } })).status).toBe(200);
    const out = await o.svc().anonymous('/api/auth/logout', {
      method: 'POST',
      headers: { cookie, origin: origin() },
    });
    expect(out.status).toBeLessThan(300);
    expect(out.headers.getSetCookie().join('\n')).toMatch(
      new RegExp(`${o.cookieName}=;.*Max-Age=0`),
    );
    expect((await o.svc().anonymous(o.readPath, { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a state-changing request with the cookie from another origin', async () => {
    const res = await o.svc().request(o.write.path, {
      method: o.write.method,
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify(o.write.body ?? {}),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { code: 'forbidden', message: expect.stringMatching(/cross-site request refused/) },
    });
  });

  it('refuses one with the cookie but neither Origin nor Referer', async () => {
    const res = await o.svc().anonymous(o.write.path, {
      method: o.write.method,
      headers: {
        cookie: `${o.cookieName}=${o.svc().cookies.get(o.cookieName)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(o.write.body ?? {}),
    });
    expect(res.status).toBe(403);
  });

  it('refuses a login posted from another site', async () => {
    const res = await login(
      { username: o.username, password: o.password },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
  });
}
