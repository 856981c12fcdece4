// The README's start command, end to end: the whole stack on embedded
// defaults, a stream-bot fact reaching the dashboard over NATS, a clean stop.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { freePort } from '../tools/test-env/mod.ts';

const START = fileURLToPath(new URL('./start.mjs', import.meta.url));

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

it(
  'npm start brings up the three services talking over NATS and stops them cleanly',
  { timeout: 180_000 },
  async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'homelab-start-'));
    const [nats, streambot, discord, dashboard] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    let output = '';
    const child = spawn(process.execPath, [START], {
      env: {
        ...process.env,
        HOMELAB_DATA_DIR: dataDir,
        HOMELAB_SKIP_PREPARE: '1',
        NATS_PORT: String(nats),
        STREAMBOT_PORT: String(streambot),
        DISCORD_PORT: String(discord),
        DASHBOARD_PORT: String(dashboard),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    try {
      await until(
        'the stack to come up',
        async () => (output.includes('Homelab stack is up') ? true : undefined),
        150_000,
      );
      for (const port of [streambot, discord, dashboard]) {
        expect(output).toContain(`http://127.0.0.1:${port}/`);
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      }

      // stream-bot's generated login: kept for the owner only, named but never printed.
      const secretsFile = path.join(dataDir, 'stream-bot-secrets.json');
      expect((await stat(secretsFile)).mode & 0o777).toBe(0o600);
      const { WEB_PASSWORD, TOKEN_ENCRYPTION_KEY } = JSON.parse(
        await readFile(secretsFile, 'utf8'),
      ) as Record<string, string>;
      expect(TOKEN_ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
      expect(output).toContain(`stream-bot login: user admin, password in ${secretsFile}`);
      expect(output).not.toContain(WEB_PASSWORD);
      const origin = `http://127.0.0.1:${streambot}`;
      const login = await fetch(`${origin}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: WEB_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;

      // discord-bot's generated login likewise; the local admin sees the (empty) guild list.
      const discordFile = path.join(dataDir, 'discord-bot-secrets.json');
      expect((await stat(discordFile)).mode & 0o777).toBe(0o600);
      const discordSecrets = JSON.parse(await readFile(discordFile, 'utf8')) as Record<
        string,
        string
      >;
      expect(discordSecrets.TOKEN_ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
      expect(discordSecrets.WEB_PASSWORD).not.toBe(WEB_PASSWORD);
      expect(output).toContain(`discord-bot login: user admin, password in ${discordFile}`);
      expect(output).not.toContain(discordSecrets.WEB_PASSWORD);
      const discordLogin = await fetch(`http://127.0.0.1:${discord}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: discordSecrets.WEB_PASSWORD }),
      });
      expect(discordLogin.status).toBe(200);
      const guilds = await fetch(`http://127.0.0.1:${discord}/api/guilds`, {
        headers: { cookie: discordLogin.headers.getSetCookie()[0]!.split(';')[0]! },
      });
      expect(await guilds.json()).toEqual({ guilds: [] });

      // The dashboard's generated login likewise; without it /api is closed.
      const dashboardFile = path.join(dataDir, 'dashboard-secrets.json');
      expect((await stat(dashboardFile)).mode & 0o777).toBe(0o600);
      const dashboardSecrets = JSON.parse(await readFile(dashboardFile, 'utf8')) as Record<
        string,
        string
      >;
      expect(output).toContain(`dashboard login: user admin, password in ${dashboardFile}`);
      expect(output).not.toContain(dashboardSecrets.WEB_PASSWORD);
      expect((await fetch(`http://127.0.0.1:${dashboard}/api/facts/latest`)).status).toBe(401);
      const dashboardLogin = await fetch(`http://127.0.0.1:${dashboard}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: dashboardSecrets.WEB_PASSWORD }),
      });
      expect(dashboardLogin.status).toBe(200);
      const dashboardCookie = dashboardLogin.headers.getSetCookie()[0]!.split(';')[0]!;

      const text = `hello from the start test ${Date.now()}`;
      const created = await fetch(`${origin}/api/facts/hello`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin },
        body: JSON.stringify({ text }),
      });
      expect(created.status).toBe(201);

      const latest = await until(
        'the fact in the dashboard read model',
        async () => {
          const r = await fetch(`http://127.0.0.1:${dashboard}/api/facts/latest`, {
            headers: { cookie: dashboardCookie },
          });
          const body = (await r.json()) as { fact?: { text: string } };
          return body.fact?.text === text ? body : undefined;
        },
        30_000,
      );
      expect(latest.fact?.text).toBe(text);

      const feed = await until(
        'the fact in the live feed',
        async () => {
          const r = await fetch(`http://127.0.0.1:${dashboard}/api/events/recent`, {
            headers: { cookie: dashboardCookie },
          });
          const raw = await r.text();
          return raw.includes(text) ? raw : undefined;
        },
        30_000,
      );
      expect(feed).toContain('streambot.evt.fact.created.v1');
    } finally {
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise((r) => setTimeout(() => r('hung'), 45_000)),
      ]);
      if (code === 'hung') child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
      expect(code, output.slice(-4000)).toBe(0);
    }
  },
);
