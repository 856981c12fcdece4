// The session cookie's attributes and the cross-site check, on a bare app.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SessionStore } from './session-store.ts';
import { createSessionKit, fromOwnOrigin } from './session.ts';

const noSessions: SessionStore<never> = {
  create: () => Promise.reject(new Error('unused')),
  lookup: async () => null,
  delete: async () => undefined,
  deleteForUser: async () => 0,
  prune: async () => 0,
};

const kitFor = (publicUrl: string) =>
  createSessionKit({
    sessions: noSessions,
    cookieName: 'sb_session',
    publicUrl,
    loginHint: 'POST /api/auth/login',
    unauthenticated: (message) => new Error(message),
  });

describe('the session cookie', () => {
  const appFor = (publicUrl: string) =>
    new Hono().get('/set', (c) => {
      kitFor(publicUrl).setCookie(c, { token: 't', expiresAt: new Date(Date.now() + 60_000) });
      return c.body(null, 204);
    });

  it('is HttpOnly, SameSite=Lax, Path=/ and Secure when PUBLIC_URL is https', async () => {
    const res = await appFor('https://bot.example.org').request('/set');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sb_session=t;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Secure/);
  });

  it('is not Secure on plain http', async () => {
    const res = await appFor('http://localhost:5000').request('/set');
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('the cross-site check', () => {
  const app = new Hono()
    .use('/api/*', kitFor('https://bot.example.org').guard())
    .post('/api/auth/login', (c) =>
      c.json({ ok: true, own: fromOwnOrigin(c, 'https://bot.example.org') }),
    );

  const post = (headers: Record<string, string>) =>
    app.request('http://10.0.0.5:5000/api/auth/login', { method: 'POST', headers });

  it('accepts PUBLIC_URL, the host the request went to, or no claim without a cookie', async () => {
    expect((await post({ origin: 'https://bot.example.org' })).status).toBe(200);
    expect((await post({ origin: 'http://10.0.0.5:5000', host: '10.0.0.5:5000' })).status).toBe(
      200,
    );
    expect((await post({ referer: 'https://bot.example.org/settings' })).status).toBe(200);
    expect((await post({})).status).toBe(200);
  });

  it('refuses another origin, a "null" origin, and a cookie without any claim', async () => {
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ origin: 'null' })).status).toBe(403);
    expect((await post({ origin: 'https://bot.example.org.evil.example' })).status).toBe(403);
    const res = await post({ cookie: 'sb_session=x' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: 'forbidden',
        message: 'POST with a session cookie needs an Origin or Referer header of this site',
      },
    });
  });
});

describe('the guard', () => {
  const user = { id: 'u1', name: 'ada' };
  const sessions: SessionStore<typeof user> = {
    ...(noSessions as SessionStore<typeof user>),
    lookup: async (token) =>
      token === 'good' ? { id: 'h', user, expiresAt: new Date(Date.now() + 60_000) } : null,
  };
  const kit = createSessionKit({
    sessions,
    cookieName: 'x_session',
    publicUrl: 'http://localhost:5100',
    loginHint: 'POST /api/auth/login',
    unauthenticated: (message) => new Error(message),
  });
  const app = new Hono()
    .use('/api/*', kit.guard())
    .get('/api/auth/me', (c) => c.json({ user: kit.optionalUser(c) }))
    .get('/api/things', (c) => c.json({ user: kit.currentUser(c) }));

  it('lets a session through and names its user', async () => {
    const res = await app.request('/api/things', { headers: { cookie: 'x_session=good' } });
    expect(await res.json()).toEqual({ user });
  });

  it('answers 401 without a session, clears a dead cookie, and leaves /api/auth/* public', async () => {
    const none = await app.request('/api/things');
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: { code: 'unauthenticated', message: 'log in first (POST /api/auth/login)' },
    });
    const dead = await app.request('/api/things', { headers: { cookie: 'x_session=old' } });
    expect(dead.status).toBe(401);
    expect(dead.headers.get('set-cookie')).toMatch(/^x_session=;/);
    expect(await (await app.request('/api/auth/me')).json()).toEqual({ user: null });
  });
});
