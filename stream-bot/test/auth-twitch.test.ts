// Logging in with Twitch, end to end: the real service on Postgres and
// nats-server, the Twitch stand-in as id.twitch.tv and Helix, and plain fetch
// as the browser (redirects followed by hand, cookies carried by hand).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/test-env/ports.ts';
import { cookieHeader, storeCookies } from '../../tools/test-env/service-harness.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../../tools/test-env/twitch-stand-in.ts';
import { createSecretBox } from '@homelab/nats/web';
import { startTestService, type TestService } from './harness.ts';

const KEY = randomBytes(32);
const STREAMER = { login: 'streamer_one', userId: '4242', displayName: 'Streamer_One' };

let standIn: TwitchStandIn;
let svc: TestService;
let db: pg.Client;
let base: string;

beforeAll(async () => {
  standIn = await startTwitchStandIn();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TWITCH_CLIENT_ID: standIn.clientId,
    TWITCH_CLIENT_SECRET: standIn.clientSecret,
    TOKEN_ENCRYPTION_KEY: KEY.toString('hex'),
    TWITCH_AUTH_URL: standIn.authUrl,
    TWITCH_API_URL: `${standIn.url}/mock`,
    TWITCH_CHAT_URL: standIn.chatUrl,
  });
  db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await svc.stop();
  await standIn.close();
});
beforeEach(async () => {
  await db.query('DELETE FROM users WHERE twitch_id IS NOT NULL');
  standIn.consentAs(STREAMER);
});

/** A browser: its own cookies, no automatic redirects. */
function browser() {
  const jar = new Map<string, string>();
  return {
    jar,
    async go(url: string, headers: Record<string, string> = {}) {
      const own = url.startsWith(base);
      const res = await fetch(url, {
        redirect: 'manual',
        headers: { ...(own && jar.size > 0 ? { cookie: cookieHeader(jar) } : {}), ...headers },
      });
      if (own) storeCookies(jar, res);
      return res;
    },
  };
}

const location = (res: Response) => {
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
};

/** Up to the callback URL Twitch sends the browser back to. */
async function toCallback(b: ReturnType<typeof browser>) {
  const start = await b.go(`${base}/auth/twitch/login`);
  const authorize = location(start);
  return location(await b.go(authorize));
}

const twitchUsers = async () =>
  (await db.query('SELECT * FROM users WHERE twitch_id IS NOT NULL')).rows as Record<
    string,
    unknown
  >[];

describe('Twitch login', () => {
  it('says Twitch is configured', async () => {
    const me = (await (await svc.anonymous('/api/auth/me')).json()) as { twitch: unknown };
    expect(me.twitch).toEqual({ configured: true, missing: [] });
  });

  it('sends the browser to Twitch with client id, redirect URI, chat scopes and a state cookie', async () => {
    const b = browser();
    const res = await b.go(`${base}/auth/twitch/login`);
    const url = new URL(location(res));
    expect(`${url.origin}${url.pathname}`).toBe(`${standIn.authUrl}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: standIn.clientId,
      redirect_uri: `${base}/auth/twitch/callback`,
      scope: 'chat:read chat:edit',
      state: b.jar.get('sb_oauth_state'),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sb_oauth_state='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=600/);
  });

  it('first moves a browser that came by another host name to the callback host', async () => {
    const other = `http://localhost:${new URL(base).port}`;
    const res = await fetch(`${other}/auth/twitch/login`, { redirect: 'manual' });
    expect(location(res)).toBe(`${base}/auth/twitch/login?hop=1`);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('creates the user with sealed tokens, a bot config for the own channel and a session', async () => {
    const b = browser();
    const callback = await toCallback(b);
    expect(callback.startsWith(`${base}/auth/twitch/callback?code=`)).toBe(true);
    const done = await b.go(callback);
    expect(location(done)).toBe('/');
    expect(b.jar.has('sb_session')).toBe(true);
    expect(b.jar.has('sb_oauth_state')).toBe(false);

    const me = (await (await b.go(`${base}/api/auth/me`)).json()) as { user: unknown };
    expect(me.user).toEqual({
      id: expect.any(String),
      login: 'streamer_one',
      displayName: 'Streamer_One',
      twitchId: '4242',
    });
    expect((await b.go(`${base}/api/facts`)).status).toBe(200);

    const [row] = await twitchUsers();
    expect(row).toMatchObject({
      login: 'streamer_one',
      display_name: 'Streamer_One',
      scopes: ['chat:read', 'chat:edit'],
    });
    const accessEnc = row!.access_token_enc as string;
    const refreshEnc = row!.refresh_token_enc as string;
    expect(accessEnc).toMatch(/^v1\./);
    expect(refreshEnc).toMatch(/^v1\./);
    // Opened with the key, the access token is one Twitch (the stand-in) accepts for that user …
    const box = createSecretBox(KEY);
    const access = box.open(accessEnc);
    const validated = await fetch(`${standIn.authUrl}/validate`, {
      headers: { authorization: `OAuth ${access}` },
    });
    expect(((await validated.json()) as { login: string }).login).toBe('streamer_one');
    // … and it appears nowhere in the row in plain text, nor does the refresh token.
    const plainRow = JSON.stringify(row);
    expect(plainRow).not.toContain(access);
    expect(plainRow).not.toContain(box.open(refreshEnc));
    expect(row!.token_expires_at).toBeInstanceOf(Date);

    const config = await db.query('SELECT channels, enabled FROM bot_config WHERE user_id = $1', [
      row!.id,
    ]);
    expect(config.rows).toEqual([{ channels: ['streamer_one'], enabled: false }]);
  });

  it('updates the same user on a second login and keeps its bot config', async () => {
    const first = browser();
    await first.go(await toCallback(first));
    const [row] = await twitchUsers();
    await db.query(`UPDATE bot_config SET channels = '{other}' WHERE user_id = $1`, [row!.id]);
    standIn.consentAs({ ...STREAMER, displayName: 'Renamed' });
    const second = browser();
    expect(location(await second.go(await toCallback(second)))).toBe('/');
    const rows = await twitchUsers();
    expect(rows).toHaveLength(1);
    // The stand-in keeps the display name it first saw for an id; the token is new.
    expect(rows[0]!.id).toBe(row!.id);
    expect(rows[0]!.access_token_enc).not.toBe(row!.access_token_enc);
    const config = await db.query('SELECT channels FROM bot_config WHERE user_id = $1', [row!.id]);
    expect(config.rows).toEqual([{ channels: ['other'] }]);
  });

  it('refuses a callback whose state does not match, and writes nothing', async () => {
    const b = browser();
    const callback = new URL(await toCallback(b));
    callback.searchParams.set('state', 'forged-state');
    const res = await b.go(callback.toString());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid_input', message: expect.stringMatching(/state does not match/) },
    });
    expect(await twitchUsers()).toEqual([]);
    expect(b.jar.has('sb_session')).toBe(false);
  });

  it('refuses a callback without the state cookie (another browser), and writes nothing', async () => {
    const callback = await toCallback(browser());
    const res = await browser().go(callback, { accept: 'text/html' });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('Twitch login failed');
    expect(page).toContain('no state cookie');
    expect(await twitchUsers()).toEqual([]);
  });

  it('explains a denied consent and writes nothing', async () => {
    standIn.consentAs('deny');
    const b = browser();
    const callback = await toCallback(b);
    expect(callback).toContain('error=access_denied');
    const res = await b.go(callback, { accept: 'text/html,application/xhtml+xml' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('you did not allow stream-bot to use your Twitch account');
    expect(await twitchUsers()).toEqual([]);
    expect(b.jar.has('sb_session')).toBe(false);
  });

  it('answers a code Twitch refuses (here: used twice) with 400 and writes nothing', async () => {
    const b = browser();
    const callback = await toCallback(b);
    const state = b.jar.get('sb_oauth_state')!;
    expect(location(await b.go(callback))).toBe('/');
    await db.query('DELETE FROM users WHERE twitch_id IS NOT NULL');
    // The same code again, with a matching state cookie.
    const again = await fetch(callback, {
      redirect: 'manual',
      headers: { cookie: `sb_oauth_state=${state}` },
    });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(
      /Twitch refused the login code \(HTTP 400: Invalid authorization code\)/,
    );
    expect(await twitchUsers()).toEqual([]);
  });
});
