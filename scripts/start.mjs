#!/usr/bin/env node
// `npm start`: the whole stack on one machine on the embedded defaults.
// Spawns nats-server with nats/nats-server.conf (JetStream data under
// .data/nats), then stream-bot, discord-bot and dashboard on embedded PGlite
// databases under .data/<service>, restarts a service that dies, and stops
// everything on Ctrl-C. Settings (all optional): HOMELAB_DATA_DIR, NATS_PORT,
// STREAMBOT_PORT, DISCORD_PORT, DASHBOARD_PORT, LOG_LEVEL.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findNatsServer, INSTALL_HINTS } from './lib/binaries.mjs';
import {
  checkNode,
  ensureDependencies,
  ensurePrismaClients,
  ensureWebBuilds,
  fail,
  ROOT,
} from './lib/preflight.mjs';

checkNode();
const natsBin = findNatsServer();
if (!natsBin) fail(INSTALL_HINTS.natsServer);

const dataDir = path.resolve(ROOT, process.env.HOMELAB_DATA_DIR ?? '.data');
mkdirSync(dataDir, { recursive: true });
// The test suite has just done these; it sets HOMELAB_SKIP_PREPARE to save the time.
if (!process.env.HOMELAB_SKIP_PREPARE) {
  ensureDependencies();
  ensurePrismaClients();
  ensureWebBuilds();
}

/** NATS passwords for the three service users, made once and kept (mode 600). */
function loadSecrets() {
  const file = path.join(dataDir, 'nats-credentials.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = Object.fromEntries(
    // Letters and digits, starting with a letter: nats-server reads an unquoted
    // $VARIABLE's value as a number or a date when it looks like one.
    ['streambot', 'discord', 'dashboard'].map((u) => [u, `p${randomBytes(18).toString('hex')}`]),
  );
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** @param {number} port */
function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** @param {string} name @param {number} wanted */
async function pickPort(name, wanted) {
  if (await portIsFree(wanted)) return wanted;
  for (let p = wanted + 1; p < wanted + 50; p++) {
    if (await portIsFree(p)) {
      console.log(`  ${name}: port ${wanted} is taken, using ${p}`);
      return p;
    }
  }
  fail(`no free port near ${wanted} for ${name}; set its port variable`);
  return 0;
}

/**
 * A web service's own secrets, made once and kept (mode 600): the key its OAuth tokens
 * (Twitch, Discord) are encrypted with, and the local login's password.
 * Variables set in the environment win.
 * @param {string} name
 */
function webSecrets(name) {
  const file = path.join(dataDir, `${name}-secrets.json`);
  /** @type {{ TOKEN_ENCRYPTION_KEY?: string, WEB_PASSWORD?: string }} */
  let saved = {};
  if (existsSync(file)) saved = JSON.parse(readFileSync(file, 'utf8'));
  const wanted = {
    TOKEN_ENCRYPTION_KEY: saved.TOKEN_ENCRYPTION_KEY ?? randomBytes(32).toString('hex'),
    WEB_PASSWORD: saved.WEB_PASSWORD ?? randomBytes(12).toString('base64url'),
  };
  if (JSON.stringify(wanted) !== JSON.stringify(saved)) {
    writeFileSync(file, JSON.stringify(wanted, null, 2), { mode: 0o600 });
  }
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(wanted)) {
    if (!process.env[name]) env[name] = value;
  }
  return { file, env };
}

const secrets = loadSecrets();
const streamBot = webSecrets('stream-bot');
const discordBot = webSecrets('discord-bot');
const dashboard = webSecrets('dashboard');
const natsPort = await pickPort('nats-server', Number(process.env.NATS_PORT ?? 4222));
const natsMonitorPort = await pickPort('nats monitor', 8222);
const services = [
  {
    name: 'stream-bot',
    user: 'streambot',
    port: await pickPort('stream-bot', Number(process.env.STREAMBOT_PORT ?? 5000)),
    env: streamBot.env,
  },
  {
    name: 'discord-bot',
    user: 'discord',
    port: await pickPort('discord-bot', Number(process.env.DISCORD_PORT ?? 5100)),
    env: discordBot.env,
  },
  {
    name: 'dashboard',
    user: 'dashboard',
    port: await pickPort('dashboard', Number(process.env.DASHBOARD_PORT ?? 5200)),
    env: dashboard.env,
  },
];

const colours = { 'nats-server': 36, 'stream-bot': 35, 'discord-bot': 34, dashboard: 32 };
let stopping = false;
/** @type {Map<string, import('node:child_process').ChildProcess>} */
const children = new Map();
// Listening before the first child starts: a Ctrl-C during start-up stops every child that
// was already started, instead of leaving them running without this script.
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

/** @param {string} name @param {import('node:stream').Readable | null} stream */
function prefix(name, stream) {
  let buffered = '';
  stream?.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    const tag = `\x1b[${colours[/** @type {keyof typeof colours} */ (name)] ?? 37}m${name.padEnd(11)}\x1b[0m`;
    for (const line of lines) if (line) console.log(`${tag} ${line}`);
  });
}

/**
 * Runs a child and restarts it (with back-off) when it dies on its own.
 * @param {string} name @param {string} cmd @param {string[]} args @param {NodeJS.ProcessEnv} env @param {string} cwd
 */
function supervise(name, cmd, args, env, cwd) {
  let restarts = 0;
  const launch = () => {
    if (stopping) return;
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(name, child);
    prefix(name, child.stdout);
    prefix(name, child.stderr);
    const startedAt = Date.now();
    child.on('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > 60_000) restarts = 0;
      restarts += 1;
      const delay = Math.min(30_000, 1000 * 2 ** Math.min(restarts, 5));
      console.error(
        `${name} stopped (${signal ?? `exit ${code}`}); restarting in ${delay / 1000} s`,
      );
      setTimeout(() => !stopping && launch(), delay).unref();
    });
  };
  launch();
}

supervise(
  'nats-server',
  /** @type {string} */ (natsBin),
  [
    '-c',
    path.join(ROOT, 'nats', 'nats-server.conf'),
    '-a',
    '127.0.0.1',
    '-p',
    String(natsPort),
    '-m',
    String(natsMonitorPort),
    '-sd',
    path.join(dataDir, 'nats'),
  ],
  {
    STREAMBOT_NATS_PASSWORD: secrets.streambot,
    DISCORD_NATS_PASSWORD: secrets.discord,
    DASHBOARD_NATS_PASSWORD: secrets.dashboard,
  },
  ROOT,
);

/** Resolves once nats-server accepts connections, so no service starts before its bus. */
async function waitForNats() {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect({ port: natsPort, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(
    `nats-server did not accept connections on port ${natsPort} within 20 s (see its log above)`,
  );
}
await waitForNats();

// Node itself runs each service, with tsx as a loader: the tsx command would stand between this
// script and the service and, when the service does not acknowledge a signal within 30 ms (a busy
// event loop), send it again and then SIGKILL it — no clean shutdown under load.
for (const s of services) {
  supervise(
    s.name,
    process.execPath,
    ['--import', 'tsx', 'src/main.ts'],
    {
      PORT: String(s.port),
      HOST: process.env.HOST ?? '127.0.0.1',
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      NATS_USER: s.user,
      NATS_PASSWORD: secrets[s.user],
      DATA_DIR: path.join(dataDir, s.name),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...s.env,
    },
    path.join(ROOT, s.name),
  );
}

/** @param {number} port */
async function waitReady(port) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !stopping) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

const ready = await Promise.all(services.map((s) => waitReady(s.port)));
if (!stopping) {
  console.log('\n  Homelab stack is up:\n');
  services.forEach((s, i) =>
    console.log(
      `    ${s.name.padEnd(12)} http://127.0.0.1:${s.port}/ ${ready[i] ? '' : '(not ready yet — see its log above)'}`,
    ),
  );
  console.log(
    `    ${'nats'.padEnd(12)} nats://127.0.0.1:${natsPort}  (monitoring http://127.0.0.1:${natsMonitorPort}/)`,
  );
  for (const { name, own } of [
    { name: 'stream-bot', own: streamBot },
    { name: 'discord-bot', own: discordBot },
    { name: 'dashboard', own: dashboard },
  ]) {
    console.log(
      own.env.WEB_PASSWORD
        ? `\n  ${name} login: user ${process.env.WEB_USERNAME || 'admin'}, password in ${own.file}`
        : `\n  ${name} login: user and password from WEB_USERNAME / WEB_PASSWORD`,
    );
  }
  console.log(`\n  Data: ${dataDir}   Stop: Ctrl-C\n`);
}

/** @param {number} [exitCode] */
async function shutdown(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping…');
  /** @param {string} name */
  const stop = async (name) => {
    const child = children.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(t);
  };
  // The services first (they drain their NATS connections), the bus last.
  await Promise.all(services.map((s) => stop(s.name)));
  await stop('nats-server');
  process.exit(exitCode);
}
