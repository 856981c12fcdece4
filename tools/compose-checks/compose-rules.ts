// The rules compose.yaml must keep, as functions returning the problems found
// (empty: fine), so the tests can also prove each rule catches a broken file.
import { parseYamlSubset, type YamlValue } from './yaml-subset.ts';

export interface AppService {
  service: 'stream-bot' | 'discord-bot' | 'dashboard';
  /** Postgres database and role (the same name). */
  database: string;
  natsUser: string;
  /** The variable prefix of its secrets in .env: <PREFIX>_DB_PASSWORD, <PREFIX>_NATS_PASSWORD. */
  prefix: string;
  port: number;
}

export const APP_SERVICES: AppService[] = [
  {
    service: 'stream-bot',
    database: 'streambot',
    natsUser: 'streambot',
    prefix: 'STREAMBOT',
    port: 5000,
  },
  {
    service: 'discord-bot',
    database: 'discord',
    natsUser: 'discord',
    prefix: 'DISCORD',
    port: 5100,
  },
  {
    service: 'dashboard',
    database: 'homelab_jarvis',
    natsUser: 'dashboard',
    prefix: 'DASHBOARD',
    port: 5200,
  },
];

type Map = { [key: string]: YamlValue };
const isMap = (v: YamlValue | undefined): v is Map =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asMap = (v: YamlValue | undefined): Map => (isMap(v) ? v : {});

export function servicesOf(composeText: string): Map {
  return asMap(asMap(parseYamlSubset(composeText)).services);
}

/** `${VAR:-default}` → default, `${VAR}` / `${VAR:?msg}` → the variable's name in <>. */
export function resolveDefaults(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*)|:?\?[^}]*)?\}/g, (_m, name: string, def) =>
    def !== undefined ? String(def) : `<${name}>`,
  );
}

function environment(service: Map): Map {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((item) => {
        const [k, ...v] = String(item).split('=');
        return [k!, v.join('=')];
      }),
    );
  }
  return asMap(env);
}

/** An image reference is pinned when it names a version (digits and dots), never `latest`. */
export function imageProblem(name: string, image: string, built: boolean): string | undefined {
  const ref = resolveDefaults(image);
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  const tag = colon === -1 ? '' : ref.slice(colon + 1).split('@')[0]!;
  if (tag === '' || tag === 'latest') return `${name}: image ${ref} has no pinned tag`;
  if (!built && !/\d+\.\d+/.test(tag)) return `${name}: image ${ref} is not pinned to a version`;
  return undefined;
}

export function checkImages(services: Map): string[] {
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(services)) {
    const s = asMap(raw);
    const built = s.build !== undefined;
    if (typeof s.image !== 'string') {
      problems.push(`${name}: no image name${built ? ' (built images are tagged too)' : ''}`);
      continue;
    }
    const p = imageProblem(name, s.image, built);
    if (p) problems.push(p);
    const nodeImage = asMap(asMap(s.build).args).NODE_IMAGE;
    if (typeof nodeImage === 'string') {
      const p2 = imageProblem(`${name} build arg NODE_IMAGE`, nodeImage, false);
      if (p2) problems.push(p2);
    }
  }
  return problems;
}

export function checkHealthAndRestart(services: Map): string[] {
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(services)) {
    const s = asMap(raw);
    const test = asMap(s.healthcheck).test;
    const disabled = asMap(s.healthcheck).disable === 'true';
    if (!Array.isArray(test) || test.length < 2 || test[0] === 'NONE' || disabled) {
      problems.push(`${name}: no health check`);
    }
    if (s.restart !== 'unless-stopped' && s.restart !== 'always') {
      problems.push(`${name}: restart policy is ${String(s.restart ?? 'none')}`);
    }
  }
  return problems;
}

/** Each app service: its own database URL and NATS user only, health-gated dependencies. */
export function checkAppServices(services: Map): string[] {
  const problems: string[] = [];
  for (const app of APP_SERVICES) {
    const s = asMap(services[app.service]);
    if (!isMap(services[app.service])) {
      problems.push(`${app.service}: missing`);
      continue;
    }
    const env = environment(s);
    const url = typeof env.DATABASE_URL === 'string' ? env.DATABASE_URL : '';
    const m = /^postgres(?:ql)?:\/\/([^:@/]+):([^@]+)@([^/]+)\/([^?]+)/.exec(url);
    if (!m) {
      problems.push(`${app.service}: DATABASE_URL missing or not a postgres URL`);
    } else {
      const [, user, password, , db] = m;
      if (user !== app.database || db !== app.database) {
        problems.push(
          `${app.service}: DATABASE_URL is ${user}@…/${db}, expected its own ${app.database}`,
        );
      }
      if (!password!.includes(`\${${app.prefix}_DB_PASSWORD`)) {
        problems.push(`${app.service}: DATABASE_URL's password is not ${app.prefix}_DB_PASSWORD`);
      }
    }
    if (env.NATS_USER !== app.natsUser) {
      problems.push(
        `${app.service}: NATS_USER is ${String(env.NATS_USER)}, expected ${app.natsUser}`,
      );
    }
    if (!String(env.NATS_PASSWORD ?? '').startsWith(`\${${app.prefix}_NATS_PASSWORD`)) {
      problems.push(`${app.service}: NATS_PASSWORD is not ${app.prefix}_NATS_PASSWORD`);
    }
    // Nothing of another service: its secrets' variables, its database, its NATS user.
    for (const other of APP_SERVICES.filter((o) => o !== app)) {
      for (const [key, value] of Object.entries(env)) {
        const text = String(value);
        if (
          text.includes(`${other.prefix}_DB_PASSWORD`) ||
          text.includes(`${other.prefix}_NATS_PASSWORD`) ||
          new RegExp(`(//|@[^/]*/)${other.database}\\b`).test(text) ||
          (key === 'NATS_USER' && text === other.natsUser)
        ) {
          problems.push(`${app.service}: ${key} refers to ${other.service}'s credentials`);
        }
      }
    }
    const envFile = Array.isArray(s.env_file) ? s.env_file : [s.env_file];
    for (const f of envFile) {
      if (typeof f === 'string' && !f.replace(/^\.\//, '').startsWith(`${app.service}/`)) {
        problems.push(`${app.service}: env_file ${f} is not its own`);
      }
    }
    const deps = asMap(s.depends_on);
    for (const needed of ['nats', 'postgres']) {
      if (asMap(deps[needed]).condition !== 'service_healthy') {
        problems.push(`${app.service}: depends_on ${needed} without condition service_healthy`);
      }
    }
    for (const dep of Object.keys(deps)) {
      if (APP_SERVICES.some((o) => o.service === dep)) {
        problems.push(`${app.service}: depends on ${dep}; services must start and restart alone`);
      }
    }
    const build = asMap(s.build);
    if (build.context !== '.' || build.dockerfile !== `${app.service}/Dockerfile`) {
      problems.push(
        `${app.service}: not built from ${app.service}/Dockerfile with the root as context`,
      );
    }
  }
  return problems;
}

/** The dashboard gets no Docker socket by default; the proxy stays opt-in and read-only. */
export function checkDockerAccess(services: Map): string[] {
  const problems: string[] = [];
  const mountsSocket = (s: Map) =>
    (Array.isArray(s.volumes) ? s.volumes : []).some((v) => String(v).includes('docker.sock'));
  for (const [name, raw] of Object.entries(services)) {
    const s = asMap(raw);
    const profiles = Array.isArray(s.profiles) ? s.profiles : [];
    if (mountsSocket(s) && profiles.length === 0) {
      problems.push(`${name}: mounts the Docker socket by default`);
    }
  }
  const proxy = asMap(services['docker-proxy']);
  if (environment(proxy).POST !== '0') problems.push('docker-proxy: POST is not "0" (read-only)');
  return problems;
}

export function checkCompose(composeText: string): string[] {
  const services = servicesOf(composeText);
  return [
    ...checkImages(services),
    ...checkHealthAndRestart(services),
    ...checkAppServices(services),
    ...checkDockerAccess(services),
  ];
}
