// The session cookie's attributes and the cross-site check, on a bare app.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { SessionStore } from '../db/session-store.ts';
import { fromOwnOrigin, sessionGuard, setSessionCookie } from './session.ts';

const noSessions: SessionStore = {
  create: () => Promise.reject(new Error('unused')),
  lookup: async () => null,
  delete: async () => undefined,
  deleteForUser: async () => 0,
  prune: async () => 0,
};

describe('the session cookie', () => {
  const appFor = (publicUrl: string) =>
    new Hono().get('/set', (c) => {
      setSessionCookie(c, publicUrl, { token: 't', expiresAt: new Date(Date.now() + 60_000) });
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
    .use('/api/*', sessionGuard({ sessions: noSessions, publicUrl: 'https://bot.example.org' }))
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
