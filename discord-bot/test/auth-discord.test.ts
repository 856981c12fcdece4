// Logging in with Discord, end to end: the real service on Postgres and
// nats-server, the Discord stand-in (with its OAuth routes) as discord.com, and
// plain fetch as the browser (redirects followed and cookies carried by hand).
// The guilds a user may manage come from their Discord permissions: a guild
// without Manage Server is neither listed nor editable.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '@homelab/nats/web';
import { freePort } from '../../tools/test-env/ports.ts';
import { cookieHeader, storeCookies } from '../../tools/test-env/service-harness.ts';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInUser,
} from '../../tools/test-env/discord-stand-in.ts';
import {
  ADMINISTRATOR,
  installDiscordOAuth,
  MANAGE_GUILD,
  type DiscordOAuthStandIn,
  type OAuthAccount,
} from '../../tools/test-env/discord-oauth-stand-in.ts';
import { SESSION_COOKIE } from '../src/http/session.ts';
import { startTestService, type TestService } from './harness.ts';

const KEY = randomBytes(32);
const MANAGED = '1200000000000000001';
const ADMIN = '1200000000000000002';
const PLAIN = '1200000000000000003';
const NOT_JOINED = '1200000000000000004';
const STATE_COOKIE = 'dbot_oauth_state';

let standIn: DiscordStandIn;
let oauth: DiscordOAuthStandIn;
let svc: TestService;
let db: pg.Client;
let base: string;
let ada: StandInUser;
let account: OAuthAccount;

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  oauth = installDiscordOAuth(standIn);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TOKEN_ENCRYPTION_KEY: KEY.toString('hex'),
    // Every request re-reads the user's guilds from Discord.
    DISCORD_GUILDS_RECHECK_SECONDS: '0',
    ...oauth.env(),
  });
  db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
  await db.query(
    `INSERT INTO guilds (id, name, member_count) VALUES
       ($1, 'Managed', 10), ($2, 'Administered', 20), ($3, 'Just a member', 30)`,
    [MANAGED, ADMIN, PLAIN],
  );
  ada = standIn.user({ username: 'ada' });
});
afterAll(async () => {
  await db.end();
  await svc.stop();
  await standIn.close();
});
beforeEach(async () => {
  await db.query(`DELETE FROM users WHERE discord_id NOT LIKE 'local:%'`);
  await db.query('DELETE FROM guild_settings');
  account = {
    user: ada,
    guilds: [
      { id: MANAGED, name: 'Managed', permissions: MANAGE_GUILD | 0x800n },
      { id: ADMIN, name: 'Administered', permissions: ADMINISTRATOR },
      { id: PLAIN, name: 'Just a member', permissions: 0x400n | 0x800n },
      { id: NOT_JOINED, name: 'Bot not here', permissions: 0n, owner: true },
    ],
  };
  oauth.consentAs(account);
});

/** A browser: its own cookies for the service, no automatic redirects. */
function browser() {
  const jar = new Map<string, string>();
  return {
    jar,
    async go(url: string, init: RequestInit = {}) {
      const own = url.startsWith(base);
      const headers = new Headers(init.headers);
      if (own && jar.size > 0) headers.set('cookie', cookieHeader(jar));
      const res = await fetch(url, { ...init, redirect: 'manual', headers });
      if (own) storeCookies(jar, res);
      return res;
    },
    /** A request of the service's own page (Origin set, like a browser's fetch). */
    api(path: string, init: RequestInit = {}) {
      const headers = new Headers(init.headers);
      headers.set('origin', base);
      if (init.body !== undefined) headers.set('content-type', 'application/json');
      return this.go(base + path, { ...init, headers });
    },
  };
}

const location = (res: Response) => {
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
};

/** Up to the callback URL Discord sends the browser back to. */
async function toCallback(b: ReturnType<typeof browser>) {
  return location(await b.go(location(await b.go(`${base}/auth/discord/login`))));
}

async function loggedIn() {
  const b = browser();
  expect(location(await b.go(await toCallback(b)))).toBe('/');
  return b;
}

const discordUsers = async () =>
  (await db.query(`SELECT * FROM users WHERE discord_id NOT LIKE 'local:%'`)).rows as Record<
    string,
    unknown
  >[];

describe('Discord login', () => {
  it('says Discord login is configured', async () => {
    const me = (await (await svc.anonymous('/api/auth/me')).json()) as { discord: unknown };
    expect(me.discord).toEqual({
      configured: true,
      missing: [],
      redirectUri: `${base}/auth/discord/callback`,
    });
  });

  it('sends the browser to Discord with client id, redirect URI, scopes and a state cookie', async () => {
    const b = browser();
    const res = await b.go(`${base}/auth/discord/login`);
    const url = new URL(location(res));
    expect(`${url.origin}${url.pathname}`).toBe(`${oauth.oauthUrl}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: oauth.clientId,
      redirect_uri: `${base}/auth/discord/callback`,
      scope: 'identify guilds',
      state: b.jar.get(STATE_COOKIE),
      prompt: 'consent',
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/auth\/discord/);
  });

  it('first moves a browser that came by another host name to the callback host', async () => {
    const other = `http://localhost:${new URL(base).port}`;
    const res = await fetch(`${other}/auth/discord/login`, { redirect: 'manual' });
    expect(location(res)).toBe(`${base}/auth/discord/login?hop=1`);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('creates the user with sealed tokens and the guilds they manage, and a session', async () => {
    const b = await loggedIn();
    expect(b.jar.has(SESSION_COOKIE)).toBe(true);
    const [row] = await discordUsers();
    const issued = oauth.tokens.at(-1)!;
    expect(row).toMatchObject({
      discord_id: ada.id,
      username: 'ada',
      global_name: 'ada',
      managed_guild_ids: [MANAGED, ADMIN, NOT_JOINED],
    });
    // Sealed: neither token is in the row, both open with the key.
    expect(JSON.stringify(row)).not.toContain(issued.accessToken);
    expect(JSON.stringify(row)).not.toContain(issued.refreshToken);
    const box = createSecretBox(KEY);
    expect(box.open(row!.access_token_enc as string)).toBe(issued.accessToken);
    expect(box.open(row!.refresh_token_enc as string)).toBe(issued.refreshToken);
    expect(new Date(row!.token_expires_at as string).getTime()).toBeGreaterThan(Date.now());

    const me = (await (await b.api('/api/auth/me')).json()) as { user: unknown };
    expect(me.user).toEqual({
      id: row!.id,
      discordId: ada.id,
      username: 'ada',
      globalName: 'ada',
      avatar: null,
      admin: false,
      managedGuildIds: [MANAGED, ADMIN, NOT_JOINED],
    });
  });

  it('lists only the guilds the bot is in and the user manages; the others are 404', async () => {
    const b = await loggedIn();
    const { guilds } = (await (await b.api('/api/guilds')).json()) as {
      guilds: { guildId: string }[];
    };
    expect(guilds.map((g) => g.guildId)).toEqual([MANAGED, ADMIN]);

    expect((await b.api(`/api/guilds/${MANAGED}/settings`)).status).toBe(200);
    const notMine = await b.api(`/api/guilds/${PLAIN}/settings`);
    expect(notMine.status).toBe(404);
    expect(((await notMine.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const put = await b.api(`/api/guilds/${PLAIN}/settings`, {
      method: 'PUT',
      body: JSON.stringify({ maxOpenTicketsPerMember: 5 }),
    });
    expect(put.status).toBe(404);
    expect((await db.query('SELECT 1 FROM guild_settings')).rowCount).toBe(0);
    // Managed on Discord, but the bot is not there: unknown here.
    expect((await b.api(`/api/guilds/${NOT_JOINED}/settings`)).status).toBe(404);

    const saved = await b.api(`/api/guilds/${ADMIN}/settings`, {
      method: 'PUT',
      body: JSON.stringify({ maxOpenTicketsPerMember: 5 }),
    });
    expect(saved.status).toBe(200);
  });

  it('takes a guild away at the next login once Manage Server is gone', async () => {
    await loggedIn();
    account.guilds = account.guilds.filter((g) => g.id !== MANAGED);
    const b = await loggedIn();
    const { guilds } = (await (await b.api('/api/guilds')).json()) as {
      guilds: { guildId: string }[];
    };
    expect(guilds.map((g) => g.guildId)).toEqual([ADMIN]);
    expect((await b.api(`/api/guilds/${MANAGED}/settings`)).status).toBe(404);
    expect(await discordUsers()).toHaveLength(1);
  });
});

describe('while signed in with Discord', () => {
  const guildIds = async (b: ReturnType<typeof browser>) =>
    ((await (await b.api('/api/guilds')).json()) as { guilds: { guildId: string }[] }).guilds.map(
      (g) => g.guildId,
    );

  it('loses a guild as soon as Manage Server is gone there, without logging in again', async () => {
    const b = await loggedIn();
    expect(await guildIds(b)).toEqual([MANAGED, ADMIN]);
    account.guilds = account.guilds.filter((g) => g.id !== MANAGED);
    expect(await guildIds(b)).toEqual([ADMIN]);
    expect((await b.api(`/api/guilds/${MANAGED}/settings`)).status).toBe(404);
    const [row] = await discordUsers();
    expect(row!.managed_guild_ids).toEqual([ADMIN, NOT_JOINED]);
  });

  it('refreshes an expired access token and keeps the new pair sealed', async () => {
    const b = await loggedIn();
    const first = oauth.tokens.at(-1)!;
    await db.query(`UPDATE users SET token_expires_at = now() - interval '1 minute'`);
    expect(await guildIds(b)).toEqual([MANAGED, ADMIN]);
    const second = oauth.tokens.at(-1)!;
    expect(second).not.toBe(first);
    expect(first.revoked).toBe(true);
    const [row] = await discordUsers();
    const box = createSecretBox(KEY);
    expect(box.open(row!.access_token_enc as string)).toBe(second.accessToken);
    expect(box.open(row!.refresh_token_enc as string)).toBe(second.refreshToken);
  });

  it('ends the user’s sessions once Discord no longer takes their login', async () => {
    const b = await loggedIn();
    for (const t of oauth.tokens) t.revoked = true;
    const res = await b.api('/api/guilds');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /log in with Discord again/,
    );
    const [row] = await discordUsers();
    expect((await db.query('SELECT 1 FROM sessions WHERE user_id = $1', [row!.id])).rowCount).toBe(
      0,
    );
    expect((await b.api('/api/guilds')).status).toBe(401);
  });
});

describe('a failed Discord login writes nothing', () => {
  const expectNoLogin = async (res: Response, message: RegExp, b: ReturnType<typeof browser>) => {
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(message);
    expect(await discordUsers()).toEqual([]);
    expect(b.jar.has(SESSION_COOKIE)).toBe(false);
  };

  it('refuses a state that is not the browser’s', async () => {
    const b = browser();
    const callback = new URL(await toCallback(b));
    callback.searchParams.set('state', 'forged-state');
    await expectNoLogin(await b.go(callback.toString()), /state does not match/, b);
  });

  it('refuses a callback without the state cookie (started in another browser)', async () => {
    const callback = await toCallback(browser());
    const other = browser();
    await expectNoLogin(await other.go(callback), /no state cookie/, other);
  });

  it('says so when the user does not allow the login', async () => {
    oauth.consentAs('deny');
    const b = browser();
    const callback = await toCallback(b);
    expect(callback).toMatch(/error=access_denied/);
    await expectNoLogin(await b.go(callback), /did not allow discord-bot/, b);
  });

  it('refuses a code Discord does not know, and a code used twice', async () => {
    const b = browser();
    const callback = new URL(await toCallback(b));
    const code = callback.searchParams.get('code')!;
    callback.searchParams.set('code', 'not-a-code');
    await expectNoLogin(await b.go(callback.toString()), /Discord refused the login code/, b);

    const again = browser();
    const first = await toCallback(again);
    expect(location(await again.go(first))).toBe('/');
    await db.query(`DELETE FROM users WHERE discord_id NOT LIKE 'local:%'`);
    const replay = browser();
    const replayed = new URL(await toCallback(replay));
    replayed.searchParams.set('code', new URL(first).searchParams.get('code')!);
    await expectNoLogin(await replay.go(replayed.toString()), /refused the login code/, replay);
    expect(code).not.toBe('not-a-code');
  });

  it('answers a browser with a small page rather than JSON', async () => {
    const res = await fetch(`${base}/auth/discord/callback?state=x&code=y`, {
      headers: { accept: 'text/html' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/Discord login failed.*no state cookie/s);
  });
});

describe('the OAuth stand-in', () => {
  it('refreshes a token pair once and refuses the old refresh token after', async () => {
    await loggedIn();
    const issued = oauth.tokens.at(-1)!;
    const refresh = (token: string) =>
      fetch(`${standIn.apiUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: token,
          client_id: oauth.clientId,
          client_secret: oauth.clientSecret,
        }).toString(),
      });
    const res = await refresh(issued.refreshToken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe('identify guilds');
    const me = await fetch(`${standIn.apiUrl}/v10/users/@me`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(((await me.json()) as { id: string }).id).toBe(ada.id);
    expect((await refresh(issued.refreshToken)).status).toBe(400);
    const old = await fetch(`${standIn.apiUrl}/v10/users/@me/guilds`, {
      headers: { authorization: `Bearer ${issued.accessToken}` },
    });
    expect(old.status).toBe(401);
  });
});
