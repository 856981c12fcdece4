// Checks shared by `npm start` and `npm test`: the Node version, the external
// programs, and an up-to-date `node_modules` (installed with `npm ci` when
// missing or older than the lockfile). Only Node's standard library here.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** @param {string} message */
export function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if ((major ?? 0) < 20 || (major === 20 && (minor ?? 0) < 19)) {
    fail(
      `Node.js 20.19 or newer is needed (this is ${process.version}). Install a current Node.js LTS release.`,
    );
  }
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [opts]
 */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  return r.status ?? 1;
}

/** @param {string} label @param {string} cmd @param {string[]} args */
export function step(label, cmd, args) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const status = run(cmd, args);
  if (status !== 0) fail(`${label} failed (exit ${status}).`);
  console.log(`✔ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs;
  if (stale) step('install dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund']);
}

/** Generated Prisma clients are not committed; make them from each schema. */
export function ensurePrismaClients() {
  step('generate Prisma clients (offline schema engine)', 'npm', ['run', 'generate', '--silent']);
}

/** @param {{ always?: boolean }} [opts] */
export function ensureWebBuilds(opts = {}) {
  const services = ['stream-bot', 'dashboard', 'discord-bot'];
  const missing = services.filter(
    (s) => opts.always || !existsSync(path.join(ROOT, s, 'web', 'dist', 'index.html')),
  );
  for (const s of missing)
    step(`build the ${s} web UI`, 'npm', ['run', 'build:web', '--silent', '-w', `@homelab/${s}`]);
}

/**
 * The browser tests need a Chromium. As root on Debian/Ubuntu it is installed
 * with apt-get (as the README's set-up would); otherwise we stop and say how.
 * @param {() => string | undefined} find
 * @param {string} hint
 */
export function ensureChromium(find, hint) {
  if (find()) return;
  const root = process.getuid?.() === 0;
  if (root && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    step('install chromium for the browser tests (apt-get)', 'sh', [
      '-c',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium',
    ]);
    if (find()) return;
  }
  fail(hint);
}

/** @returns {string | undefined} dockerd, for the dashboard's tests against a real engine */
export function findDockerd() {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin'];
  return dirs.map((d) => d && path.join(d, 'dockerd')).find((p) => p && existsSync(p));
}

/** @returns {string | undefined} a statically linked busybox (the test image is made of it) */
export function findStaticBusybox() {
  return ['/bin/busybox', '/usr/bin/busybox'].find((p) => {
    if (!existsSync(p)) return false;
    // A dynamic executable names its loader near the start; a static one has none.
    const head = Buffer.alloc(4096);
    const fd = openSync(p, 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    return !/ld-linux|ld-musl/.test(head.toString('latin1'));
  });
}

const hasDockerCompose = () =>
  spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

/**
 * The dashboard's Docker tests start a private dockerd and build their image from a
 * static busybox; the compose checks run Debian's docker-compose (offline `config -q`).
 * As root on Debian/Ubuntu all three are installed with apt-get; otherwise we stop
 * and say how (without docker-compose its check is skipped, not failed).
 */
export function ensureDockerEngine() {
  if (findDockerd() && findStaticBusybox() && hasDockerCompose()) return;
  const root = process.getuid?.() === 0;
  if (root && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    step(
      'install docker.io, busybox-static and docker-compose for the Docker tests (apt-get)',
      'sh',
      [
        '-c',
        'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io busybox-static docker-compose',
      ],
    );
  }
  if (findDockerd() && findStaticBusybox()) return;
  fail(
    'dockerd and a static busybox were not found (the dashboard tests run a private Docker engine). ' +
      'Install them with `sudo apt-get install docker.io busybox-static` (Debian/Ubuntu) and run the tests as root.',
  );
}
