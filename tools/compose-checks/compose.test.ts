// compose.yaml and the Dockerfiles keep the production rules: each service gets
// only its own database and NATS credentials, every image is pinned, every
// service has a health check and health-gated dependencies, no Docker socket by
// default, no secret in an image. Each rule is also shown to catch a broken file.
// Then Debian's docker-compose (1.29, offline) validates the file for real.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_SERVICES, checkCompose, imageProblem, servicesOf } from './compose-rules.ts';
import { dockerfileProblems } from './dockerfile-rules.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const compose = read('compose.yaml');

describe('compose.yaml', () => {
  it('keeps every rule', () => {
    expect(checkCompose(compose)).toEqual([]);
  });

  it('has the five services of the stack and a read-only Docker proxy behind a profile', () => {
    const services = servicesOf(compose);
    expect(Object.keys(services).sort()).toEqual(
      ['dashboard', 'discord-bot', 'docker-proxy', 'nats', 'postgres', 'stream-bot'].sort(),
    );
    expect(compose).toMatch(/docker-proxy:\n(?:.*\n)*?\s+profiles: \['docker'\]/);
  });

  it('catches a service given another service’s database URL', () => {
    const broken = compose.replace(
      'postgres://streambot:${STREAMBOT_DB_PASSWORD',
      'postgres://discord:${DISCORD_DB_PASSWORD',
    );
    expect(broken).not.toBe(compose);
    expect(checkCompose(broken).join('\n')).toMatch(
      /stream-bot: DATABASE_URL is discord@…\/streambot/,
    );
    const otherDb = compose.replace('@postgres:5432/homelab_jarvis', '@postgres:5432/streambot');
    expect(checkCompose(otherDb).join('\n')).toMatch(
      /dashboard: DATABASE_URL .*streambot's credentials|dashboard: DATABASE_URL is homelab_jarvis@…\/streambot/,
    );
  });

  it('catches a service given another service’s NATS user or password', () => {
    const user = compose.replace('NATS_USER: discord', 'NATS_USER: dashboard');
    expect(checkCompose(user).join('\n')).toMatch(/discord-bot: NATS_USER is dashboard/);
    const password = compose.replace(
      '\n      NATS_PASSWORD: ${DASHBOARD_NATS_PASSWORD',
      '\n      NATS_PASSWORD: ${STREAMBOT_NATS_PASSWORD',
    );
    expect(checkCompose(password).join('\n')).toMatch(
      /dashboard: NATS_PASSWORD refers to stream-bot's credentials/,
    );
  });

  it('catches an unpinned image', () => {
    expect(imageProblem('nats', 'nats:latest', false)).toMatch(/no pinned tag/);
    expect(imageProblem('nats', 'nats', false)).toMatch(/no pinned tag/);
    expect(imageProblem('nats', '${NATS_IMAGE:-nats:alpine}', false)).toMatch(/not pinned/);
    expect(imageProblem('x', 'localhost:5000/nats', false)).toMatch(/no pinned tag/);
    expect(imageProblem('nats', '${NATS_IMAGE:-nats:2.12.12-alpine}', false)).toBeUndefined();
    const broken = compose.replace('postgres:17.11-bookworm', 'postgres:latest');
    expect(checkCompose(broken).join('\n')).toMatch(/postgres: image postgres:latest/);
    const node = compose.replace(/node:20\.20\.2-bookworm-slim/, 'node:bookworm-slim');
    expect(checkCompose(node).join('\n')).toMatch(/NODE_IMAGE/);
  });

  it('catches a service without a health check or a health-gated dependency', () => {
    const noCheck = compose.replace(
      /( {2}discord-bot:\n(?:.*\n)*?) {4}healthcheck:\n(?: {6}.*\n)+/,
      '$1',
    );
    expect(noCheck).not.toBe(compose);
    expect(checkCompose(noCheck)).toEqual(['discord-bot: no health check']);
    const started = compose.replace(
      /( {2}dashboard:\n(?:.*\n)*? {6}postgres:\n {8}condition: )service_healthy/,
      '$1service_started',
    );
    expect(checkCompose(started)).toEqual([
      'dashboard: depends_on postgres without condition service_healthy',
    ]);
  });

  it('catches a Docker socket mounted into the dashboard by default', () => {
    const broken = compose.replace(
      '      - dashboard-data:/data\n',
      '      - dashboard-data:/data\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n',
    );
    expect(checkCompose(broken)).toEqual(['dashboard: mounts the Docker socket by default']);
    const writable = compose.replace("POST: '0'", "POST: '1'");
    expect(checkCompose(writable)).toEqual(['docker-proxy: POST is not "0" (read-only)']);
  });

  it('builds each image on the same pinned node base as the Dockerfiles default to', () => {
    for (const app of APP_SERVICES) {
      const arg = /^ARG NODE_IMAGE=(\S+)$/m.exec(read(`${app.service}/Dockerfile`))?.[1];
      expect(arg, app.service).toMatch(/^node:\d+\.\d+\.\d+-bookworm-slim$/);
      expect(compose).toContain(`NODE_IMAGE: \${NODE_IMAGE:-${arg}}`);
    }
  });

  it('hands nats-server exactly the password variables its config reads', () => {
    const conf = read('nats/nats-server.conf');
    const wanted = [...conf.matchAll(/password: \$([A-Z_]+)/g)].map((m) => m[1]).sort();
    const nats = servicesOf(compose).nats as { environment: Record<string, string> };
    expect(Object.keys(nats.environment).sort()).toEqual(wanted);
  });
});

describe('the Dockerfiles', () => {
  it.each(APP_SERVICES.map((a) => a.service))(
    '%s/Dockerfile is multi-stage, non-root, health-checked and holds no secret',
    (service) => {
      expect(dockerfileProblems(service, read(`${service}/Dockerfile`))).toEqual([]);
    },
  );

  it('catches a secret in the image, a root user and a missing health check', () => {
    const good = read('stream-bot/Dockerfile');
    expect(dockerfileProblems('stream-bot', good + '\nENV OPENAI_API_KEY=sk-123\n')).toEqual([
      'stream-bot: ENV/ARG OPENAI_API_KEY looks like a secret',
    ]);
    expect(dockerfileProblems('stream-bot', good + '\nCOPY stream-bot/.env ./\n')).toEqual([
      'stream-bot: copies an .env file into the image',
    ]);
    expect(dockerfileProblems('stream-bot', good.replace('USER node', 'USER root'))).toContain(
      'stream-bot: runs as root',
    );
    expect(
      dockerfileProblems('stream-bot', good.replace(/HEALTHCHECK[^\n]*\\\n[^\n]*\n/, '')),
    ).toContain('stream-bot: no HEALTHCHECK');
  });

  it('keeps local data, secrets and installed modules out of the build context', () => {
    const ignore = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/.env', '**/.data', '.git', '**/src/generated']) {
      expect(ignore).toContain(entry);
    }
  });
});

// --- docker-compose itself --------------------------------------------------

const composeBin = ['docker-compose'].find(
  (bin) => spawnSync(bin, ['version'], { stdio: 'ignore' }).status === 0,
);
const skipReason = composeBin
  ? ''
  : ' (SKIPPED: docker-compose is not installed — `apt-get install docker-compose`; required when CI is set)';

/** A copy of the files compose.yaml refers to, with .env files made the way the README says. */
function projectCopy(withStackEnv: boolean): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'compose-check-'));
  for (const p of [
    'compose.yaml',
    'deploy',
    'nats/nats-server.conf',
    ...APP_SERVICES.map((a) => `${a.service}/Dockerfile`),
  ]) {
    cpSync(path.join(ROOT, p), path.join(dir, p), { recursive: true });
  }
  for (const app of APP_SERVICES) {
    cpSync(path.join(ROOT, app.service, '.env.example'), path.join(dir, app.service, '.env'));
  }
  if (withStackEnv) {
    const r = spawnSync('sh', [path.join(dir, 'deploy/init-env.sh')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`init-env.sh failed: ${r.stderr}`);
  }
  return dir;
}

describe.skipIf(!composeBin && !process.env.CI)(`docker-compose config${skipReason}`, () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const run = (dir: string, args: string[]) => {
    if (!composeBin)
      throw new Error('docker-compose is not installed (apt-get install docker-compose)');
    return spawnSync(composeBin, args, {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, COMPOSE_PROFILES: '' },
    });
  };

  it('accepts compose.yaml, with and without the docker profile and the socket override', () => {
    const dir = projectCopy(true);
    dirs.push(dir);
    for (const args of [
      ['-f', 'compose.yaml', 'config', '-q'],
      ['--profile', 'docker', '-f', 'compose.yaml', 'config', '-q'],
      ['-f', 'compose.yaml', '-f', 'deploy/compose.docker-socket.yaml', 'config', '-q'],
    ]) {
      const r = run(dir, args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  it('resolves each service’s environment to its own credentials only', () => {
    const dir = projectCopy(true);
    dirs.push(dir);
    const stackEnv = Object.fromEntries(
      readFileSync(path.join(dir, '.env'), 'utf8')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => l.split('=') as [string, string]),
    );
    const out = run(dir, ['-f', 'compose.yaml', 'config']).stdout;
    for (const app of APP_SERVICES) {
      const block = new RegExp(`\\n  ${app.service}:\\n((?: {4}.*\\n)+)`).exec(out)?.[1] ?? '';
      const dbPassword = stackEnv[`${app.prefix}_DB_PASSWORD`]!;
      expect(block).toContain(
        `DATABASE_URL: postgres://${app.database}:${dbPassword}@postgres:5432/${app.database}`,
      );
      expect(block).toContain(`NATS_PASSWORD: ${stackEnv[`${app.prefix}_NATS_PASSWORD`]}`);
      for (const other of APP_SERVICES.filter((o) => o !== app)) {
        expect(block).not.toContain(stackEnv[`${other.prefix}_DB_PASSWORD`]);
        expect(block).not.toContain(stackEnv[`${other.prefix}_NATS_PASSWORD`]);
      }
    }
  });

  it('refuses to run without the stack secrets, naming what to do', () => {
    const dir = projectCopy(false);
    dirs.push(dir);
    writeFileSync(path.join(dir, '.env'), '');
    const r = run(dir, ['-f', 'compose.yaml', 'config', '-q']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/run deploy\/init-env\.sh or set it in \.env/);
  });
});
