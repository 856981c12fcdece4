// The real compose stack, end to end, on a private dockerd: builds the local
// base images and the three service images (tools/docker-build/local-stack.ts),
// runs compose.yaml with docker-compose 1.29, waits for every health check,
// creates a fact through stream-bot's API and reads it from the dashboard's
// /api/facts/latest, then rebuilds and restarts stream-bot alone while the
// dashboard keeps answering. Takes minutes, so it runs only when asked:
//
//   HOMELAB_STACK_TEST=1 npx vitest run tools/docker-build/stack.test.ts
//
// Needs root, dockerd, the docker CLI and docker-compose (apt-get install
// docker.io docker-compose debootstrap), Debian's mirror and the npm registry.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test-env/ports.ts';
import { stackEngineMissing, startStackEngine, type StackEngine } from './engine.ts';
import {
  buildLocalStack,
  COMPOSE_LOCAL,
  dockerEnv,
  localImageEnv,
  ROOT,
  run,
  type StepTiming,
} from './local-stack.ts';

const PROJECT = 'homelabstacktest';

function skipReason(): string | undefined {
  if (process.env.HOMELAB_STACK_TEST !== '1')
    return 'set HOMELAB_STACK_TEST=1 to build and run the whole compose stack (several minutes)';
  const missing = stackEngineMissing();
  if (missing) return missing;
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0)
    return 'docker-compose was not found (apt-get install docker-compose)';
  return undefined;
}

const skip = skipReason();
if (skip) console.log(`tools/docker-build/stack.test.ts skipped: ${skip}`);

const log = (line: string) => console.log(`[stack] ${line}`);
const secret = () => randomBytes(18).toString('base64url');

describe.skipIf(skip)('the compose stack on a private Docker engine', () => {
  let engine: StackEngine;
  let work: string;
  let composeFiles: string[];
  let env: Record<string, string>;
  const ports = { streamBot: 0, dashboard: 0, discordBot: 0 };
  const webPassword = secret();
  const timings: StepTiming[] = [];

  const compose = (args: string[]) =>
    run(
      'docker-compose',
      ['--project-name', PROJECT, '--project-directory', ROOT, ...composeFiles, ...args],
      { env, log },
    );
  const docker = (args: string[]) => run('docker', args, { env });

  async function health(): Promise<Record<string, string>> {
    const ids = (await compose(['ps', '-q']))
      .split('\n')
      .filter((l) => /^[0-9a-f]{12,}$/.test(l.trim()));
    const out: Record<string, string> = {};
    for (const id of ids) {
      const [name, status] = (
        await docker([
          'inspect',
          '--format',
          '{{index .Config.Labels "com.docker.compose.service"}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}',
          id.trim(),
        ])
      )
        .trim()
        .split(' ');
      out[name!] = status!;
    }
    return out;
  }

  async function waitHealthy(services: string[], timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    let last: Record<string, string> = {};
    while (Date.now() < deadline) {
      last = await health();
      if (services.every((s) => last[s] === 'healthy')) return last;
      if (Object.values(last).some((s) => s === 'exited' || s === 'dead')) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const logs = await compose(['logs', '--no-color', '--tail=40']).catch((e: Error) => e.message);
    throw new Error(`not all healthy: ${JSON.stringify(last)}\n${logs}`);
  }

  beforeAll(async () => {
    const started = Date.now();
    engine = await startStackEngine();
    work = await mkdtemp(path.join(os.tmpdir(), 'homelab-stack-test-'));
    timings.push(...(await buildLocalStack({ dockerHost: engine.host, log })));
    ports.streamBot = await freePort();
    ports.dashboard = await freePort();
    ports.discordBot = await freePort();

    // Each service's own env file, outside the checkout (never the user's <service>/.env).
    const envFiles = {
      'stream-bot': path.join(work, 'stream-bot.env'),
      dashboard: path.join(work, 'dashboard.env'),
      'discord-bot': path.join(work, 'discord-bot.env'),
    };
    const web = `WEB_USERNAME=admin\nWEB_PASSWORD=${webPassword}\nLOG_LEVEL=info\n`;
    await writeFile(
      envFiles['stream-bot'],
      `${web}PUBLIC_URL=http://127.0.0.1:${ports.streamBot}\n`,
    );
    await writeFile(envFiles.dashboard, `${web}PUBLIC_URL=http://127.0.0.1:${ports.dashboard}\n`);
    await writeFile(
      envFiles['discord-bot'],
      `${web}PUBLIC_URL=http://127.0.0.1:${ports.discordBot}\n`,
    );

    const base = readFileSync(path.join(ROOT, 'compose.yaml'), 'utf8');
    let main = path.join(ROOT, 'compose.yaml');
    if (!base.includes('${STREAMBOT_ENV_FILE')) {
      // compose.yaml names <service>/.env literally: a copy that names ours instead
      // (paths still resolve from the repository: --project-directory).
      main = path.join(work, 'compose.yaml');
      await writeFile(
        main,
        base.replace(
          /env_file: (stream-bot|dashboard|discord-bot)\/\.env/g,
          (_m, s: keyof typeof envFiles) => `env_file: ${envFiles[s]}`,
        ),
      );
    }
    composeFiles = ['-f', main, '-f', COMPOSE_LOCAL];
    env = {
      ...dockerEnv(engine.host),
      ...localImageEnv(),
      STREAMBOT_ENV_FILE: envFiles['stream-bot'],
      DASHBOARD_ENV_FILE: envFiles.dashboard,
      DISCORD_ENV_FILE: envFiles['discord-bot'],
      POSTGRES_PASSWORD: secret(),
      STREAMBOT_DB_PASSWORD: secret(),
      DISCORD_DB_PASSWORD: secret(),
      DASHBOARD_DB_PASSWORD: secret(),
      STREAMBOT_NATS_PASSWORD: secret(),
      DISCORD_NATS_PASSWORD: secret(),
      DASHBOARD_NATS_PASSWORD: secret(),
      STREAMBOT_PORT: String(ports.streamBot),
      DASHBOARD_PORT: String(ports.dashboard),
      DISCORD_PORT: String(ports.discordBot),
      COMPOSE_PROFILES: '',
    };
    const up = Date.now();
    await compose(['up', '-d', '--no-build']);
    await waitHealthy(['nats', 'postgres', 'stream-bot', 'dashboard', 'discord-bot'], 300_000);
    timings.push({
      step: 'compose up until all healthy',
      seconds: (Date.now() - up) / 1000,
      skipped: false,
    });
    log(`stack healthy after ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  }, 45 * 60_000);

  afterAll(async () => {
    for (const t of timings)
      log(`timing: ${t.skipped ? 'cached' : `${t.seconds.toFixed(1)} s`}  ${t.step}`);
    if (composeFiles)
      await compose(['down', '--volumes', '--remove-orphans', '--timeout', '20']).catch(
        (e: Error) => log(e.message),
      );
    await engine?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  }, 5 * 60_000);

  /** Logs in with the local account; returns the session cookie. */
  async function login(port: number, loginPath: string): Promise<string> {
    const origin = `http://127.0.0.1:${port}`;
    const res = await fetch(`${origin}${loginPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: 'admin', password: webPassword }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    expect(cookie).not.toBe('');
    return cookie;
  }

  async function dashboardLatest(cookie: string): Promise<{ status: number; text?: string }> {
    const res = await fetch(`http://127.0.0.1:${ports.dashboard}/api/facts/latest`, {
      headers: { cookie },
      signal: AbortSignal.timeout(3000),
    });
    const body = (await res.json().catch(() => ({}))) as { fact?: { text?: string } | null };
    return { status: res.status, text: body.fact?.text };
  }

  it(
    'a fact made through stream-bot shows in the dashboard; stream-bot restarts alone while the dashboard serves',
    async () => {
      const sb = await login(ports.streamBot, '/api/auth/login');
      const marker = `stack test ${randomBytes(4).toString('hex')}`;
      const made = await fetch(`http://127.0.0.1:${ports.streamBot}/api/facts/hello`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: `http://127.0.0.1:${ports.streamBot}`,
          cookie: sb,
        },
        body: JSON.stringify({ text: marker }),
      });
      expect(made.status, await made.clone().text()).toBe(201);
      const fact = ((await made.json()) as { fact: { text: string } }).fact;
      expect(fact.text).toContain(marker);

      const db = await login(ports.dashboard, '/api/auth/login');
      const deadline = Date.now() + 30_000;
      let seen = await dashboardLatest(db);
      while (seen.text !== fact.text && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        seen = await dashboardLatest(db);
      }
      expect(seen).toEqual({ status: 200, text: fact.text });

      // Rebuild and recreate stream-bot alone; the dashboard is polled all along.
      const others = ['nats', 'postgres', 'dashboard', 'discord-bot'];
      const started = async () =>
        (
          await docker([
            'inspect',
            '--format',
            '{{.Name}} {{.Id}} {{.State.StartedAt}}',
            ...others.map((s) => `${PROJECT}_${s}_1`),
          ])
        ).trim();
      const othersBefore = await started();
      const failures: string[] = [];
      let polls = 0;
      let polling = true;
      const poller = (async () => {
        while (polling) {
          polls += 1;
          const r = await dashboardLatest(db).catch((e: Error) => ({ status: 0, text: e.message }));
          if (r.status !== 200) failures.push(`${r.status} ${r.text ?? ''}`);
          await new Promise((res) => setTimeout(res, 250));
        }
      })();
      const restart = Date.now();
      try {
        await compose(['up', '-d', '--build', '--no-deps', '--force-recreate', 'stream-bot']);
        await waitHealthy(['stream-bot'], 300_000);
      } finally {
        polling = false;
        await poller;
      }
      timings.push({
        step: 'stream-bot rebuilt + recreated alone until healthy',
        seconds: (Date.now() - restart) / 1000,
        skipped: false,
      });
      log(`dashboard polled ${polls} times during the restart, ${failures.length} failures`);
      expect(failures).toEqual([]);
      expect(polls).toBeGreaterThan(10);
      // The others were not recreated nor restarted.
      expect(await started()).toBe(othersBefore);
      expect(await health()).toMatchObject({
        nats: 'healthy',
        postgres: 'healthy',
        dashboard: 'healthy',
        'discord-bot': 'healthy',
      });

      // The new stream-bot still has the fact (same database) and the old session.
      const again = await fetch(`http://127.0.0.1:${ports.streamBot}/api/facts/latest`, {
        headers: { cookie: sb },
      });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { fact: { text: string } }).fact.text).toBe(fact.text);
    },
    15 * 60_000,
  );
});
