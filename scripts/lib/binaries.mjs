// Finds the external programs the platform runs: nats-server and PostgreSQL's
// server binaries. Used by `npm start`, `npm test` and the test helpers; it
// only uses Node's standard library so it works before `npm ci` has run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** @param {string} name */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** @returns {string | undefined} the nats-server executable */
export function findNatsServer() {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  return (
    onPath('nats-server') ??
    ['/usr/sbin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p))
  );
}

/** @returns {string | undefined} the folder holding initdb, pg_ctl and postgres */
export function findPostgresBinDir() {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const fromPath = onPath('pg_ctl');
  if (fromPath && existsSync(path.join(path.dirname(fromPath), 'initdb')))
    return path.dirname(fromPath);
  try {
    const dir = execFileSync('pg_config', ['--bindir'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (existsSync(path.join(dir, 'initdb'))) return dir;
  } catch {
    // pg_config is optional; fall through to Debian's layout.
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/**
 * @param {string} bin
 * @returns {string} the nats-server version line, e.g. "v2.9.10"
 */
export function natsServerVersion(bin) {
  return execFileSync(bin, ['--version'], { encoding: 'utf8' })
    .trim()
    .replace(/^nats-server:\s*/, '');
}

/** @returns {string | undefined} a Chromium (or Chrome) executable for the browser tests */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) {
    return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : undefined;
  }
  return (
    onPath('chromium') ??
    onPath('chromium-browser') ??
    onPath('google-chrome') ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
  );
}

export const INSTALL_HINTS = {
  natsServer:
    'nats-server (2.9+) was not found. Install it with `sudo apt-get install nats-server` (Debian/Ubuntu), ' +
    'or download a release from the NATS project and put it on PATH, or set NATS_SERVER_BIN to its path.',
  postgres:
    "PostgreSQL's server programs (initdb, pg_ctl) were not found. Install them with " +
    '`sudo apt-get install postgresql` (Debian/Ubuntu), set PG_BIN_DIR to the folder that holds them, ' +
    'or give an existing server with TEST_DATABASE_URL=postgres://superuser:password@host:port/postgres.',
  chromium:
    'Chromium was not found (the browser tests drive it headless). Install it with ' +
    '`sudo apt-get install chromium` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome executable.',
};
