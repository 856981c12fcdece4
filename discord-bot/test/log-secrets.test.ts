// Secrets never reach discord-bot's log. The service runs in-process with a trace-level logger
// whose lines this file keeps (tools/secrets-in-logs), its bot connected to the Discord stand-in
// with DISCORD_TOKEN, through the flows that handle secrets: local logins (right and wrong
// passwords), the session cookie, "Log in with Discord" through the stand-in (client secret,
// code, access and refresh tokens), a refresh of an expired token and a login Discord no longer
// takes; then it is run as a process that cannot start (wrong NATS password, wrong or
// unreachable database with a password in its URL). Every line is searched for every secret,
// raw, URL-encoded, base64 and JSON-escaped.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it, vi } from 'vitest';
import { captureLogs } from '../../tools/secrets-in-logs/capture.ts';
import { expectNoSecrets, type Secrets } from '../../tools/secrets-in-logs/scan.ts';
import { startupFailures } from '../../tools/secrets-in-logs/startup-failures.ts';
import {
  installDiscordOAuth,
  MANAGE_GUILD,
  type DiscordOAuthStandIn,
} from '../../tools/test-env/discord-oauth-stand-in.ts';
import { startDiscordStandIn, type DiscordStandIn } from '../../tools/test-env/discord-stand-in.ts';
import { freePort } from '../../tools/test-env/ports.ts';
import {
  cookieHeader,
  eventually,
  serviceHarness,
  type TestService,
} from '../../tools/test-env/service-harness.ts';
import { loadConfig } from '../src/config.ts';
import { startService, type RunningService } from '../src/service.ts';
import { browse } from '../../tools/secrets-in-logs/browse.ts';

const secret = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
const WEB_PASSWORD = secret('web');
const KEY = randomBytes(32).toString('hex');
const GUILD = '1300000000000000001';
const capture = captureLogs();

const { startTestService } = serviceHarness<RunningService>({
  user: 'discord',
  env: { WEB_USERNAME: 'admin', WEB_PASSWORD },
  start: (env) => startService(loadConfig(env), capture.logger('discord-bot')),
});

let discord: DiscordStandIn;
let oauth: DiscordOAuthStandIn;
let svc: TestService<RunningService>;
let base: string;
const secrets: Secrets = {};

beforeAll(async () => {
  capture.captureConsole();
  discord = await startDiscordStandIn();
  oauth = installDiscordOAuth(discord);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TOKEN_ENCRYPTION_KEY: KEY,
    DISCORD_GUILDS_RECHECK_SECONDS: '0',
    DISCORD_TOKEN: discord.token,
    ...oauth.env(),
  });
  Object.assign(secrets, {
    WEB_PASSWORD,
    TOKEN_ENCRYPTION_KEY: KEY,
    DISCORD_TOKEN: discord.token,
    DISCORD_CLIENT_SECRET: oauth.clientSecret,
    NATS_PASSWORD: inject('natsCredentials').discord.pass,
    'database password': svc.database?.password,
  });
}, 60_000);

afterAll(async () => {
  await svc?.stop();
  await discord?.close();
  vi.restoreAllMocks();
});

it('logs no password, cookie, token, code or key in the flows that handle them', async () => {
  const db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
  try {
    await db.query(`INSERT INTO guilds (id, name, member_count) VALUES ($1, 'Managed', 10)`, [
      GUILD,
    ]);
    // Local logins: wrong passwords, then the right one.
    for (let i = 0; i < 3; i++) {
      const wrong = secret('wrongpw');
      secrets[`wrong password ${i}`] = wrong;
      const res = await svc.post('/api/auth/login', { username: 'admin', password: wrong });
      expect(res.status).toBe(401);
    }
    expect(
      (await svc.post('/api/auth/login', { username: 'admin', password: WEB_PASSWORD })).status,
    ).toBe(200);
    const [sessionName, sessionValue] = [...svc.cookies][0] ?? [];
    expect(sessionName).toBeDefined();
    secrets['session cookie'] = sessionValue;
    expect((await svc.get('/api/auth/me')).status).toBe(200);
    const forged = secret('forged');
    secrets['forged session cookie'] = forged;
    const res = await svc.anonymous('/api/guilds', {
      headers: { cookie: `${sessionName}=${forged}` },
    });
    expect(res.status).toBe(401);

    // "Log in with Discord": code and tokens.
    const ada = discord.user({ username: 'ada_secret' });
    oauth.consentAs({
      user: ada,
      guilds: [{ id: GUILD, name: 'Managed', permissions: MANAGE_GUILD }],
    });
    const login = await browse(base, `${base}/auth/discord/login`);
    const callback = login.visited.find((u) => u.startsWith(`${base}/auth/discord/callback`));
    secrets['OAuth code'] = new URL(callback ?? base).searchParams.get('code') ?? undefined;
    secrets['OAuth state'] = new URL(callback ?? base).searchParams.get('state') ?? undefined;
    secrets['Discord login session cookie'] = login.jar.get(sessionName!);
    const first = oauth.tokens.at(-1)!;
    secrets['Discord access token (login)'] = first.accessToken;
    secrets['Discord refresh token (login)'] = first.refreshToken;
    const guilds = (jar: Map<string, string>) =>
      fetch(`${base}/api/guilds`, { headers: { cookie: cookieHeader(jar) } });
    expect((await guilds(login.jar)).status).toBe(200);

    // The access token expires: refreshed on the next request.
    await db.query(`UPDATE users SET token_expires_at = now() - interval '1 minute'`);
    expect((await guilds(login.jar)).status).toBe(200);
    const second = oauth.tokens.at(-1)!;
    expect(second).not.toBe(first);
    secrets['Discord access token (refreshed)'] = second.accessToken;
    secrets['Discord refresh token (refreshed)'] = second.refreshToken;

    // Discord no longer takes the login: the refresh is refused.
    for (const t of oauth.tokens) t.revoked = true;
    await db.query(`UPDATE users SET token_expires_at = now() - interval '1 minute'`);
    await eventually(async () => expect((await guilds(login.jar)).status).toBe(401));
  } finally {
    await db.end();
  }

  await svc.stop();
  const scanned = expectNoSecrets(capture.lines, secrets);
  expect(scanned).toBeGreaterThan(10);
  console.info(`log-secrets discord-bot: ${scanned} lines, ${Object.keys(secrets).length} secrets`);
}, 120_000);

it('logs no password when it cannot start (wrong NATS password, wrong or unreachable database)', async () => {
  const env = { WEB_PASSWORD, DISCORD_TOKEN: 'standin.' + secret('bottoken') };
  const { lines, secrets: own } = await startupFailures('discord', env);
  const scanned = expectNoSecrets(lines, {
    ...own,
    WEB_PASSWORD,
    DISCORD_TOKEN: env.DISCORD_TOKEN,
  });
  console.info(`log-secrets discord-bot start-up failures: ${scanned} lines`);
}, 180_000);
