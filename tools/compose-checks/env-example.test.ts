// Each service's .env.example documents every variable its config.ts reads,
// names no variable the service does not read, and holds no value (so no real
// secret lands in git). What compose hands a container, with the secrets
// deploy/init-env.sh makes, is a configuration the service accepts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SERVICES, resolveDefaults, servicesOf } from './compose-rules.ts';
import { configKeys, envFileEntries } from './config-keys.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');

describe.each(APP_SERVICES.map((a) => [a.service, a] as const))('%s/.env.example', (_name, app) => {
  const entries = envFileEntries(read(`${app.service}/.env.example`));
  const keys = configKeys(app.service);

  it('finds the variables of config.ts, shared ones included', () => {
    // A guard for the source reader itself: these come from @homelab/nats/runtime.
    expect(keys).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'NATS_USER', 'NATS_PASSWORD', 'LOG_LEVEL']),
    );
  });

  it('documents every variable config.ts reads', () => {
    const documented = new Set(entries.map((e) => e.key));
    expect(keys.filter((k) => !documented.has(k))).toEqual([]);
  });

  it('documents no variable the service does not read, each once', () => {
    expect(entries.map((e) => e.key).filter((k) => !keys.includes(k))).toEqual([]);
    const seen = entries.map((e) => e.key);
    expect(seen.filter((k, i) => seen.indexOf(k) !== i)).toEqual([]);
  });

  it('holds no values', () => {
    expect(entries.filter((e) => e.value !== '').map((e) => e.key)).toEqual([]);
  });

  it('with the generated secrets and what compose sets, makes a configuration the service accepts', async () => {
    const env: Record<string, string> = {};
    for (const e of entries) if (!e.commented) env[e.key] = e.value;
    Object.assign(env, {
      TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
      WEB_PASSWORD: '0123456789abcdef01234567',
    });
    // The image's ENV, then compose's environment with the .env secrets filled in.
    const dockerfile = read(`${app.service}/Dockerfile`).replace(/\\\n/g, ' ');
    for (const m of /^ENV (.*)$/m.exec(dockerfile)![1]!.matchAll(/([A-Z_]+)=(\S+)/g)) {
      env[m[1]!] = m[2]!;
    }
    const composed = servicesOf(read('compose.yaml'))[app.service] as {
      environment: Record<string, string>;
    };
    for (const [k, v] of Object.entries(composed.environment)) {
      env[k] = resolveDefaults(v).replace(/<([A-Z_]+)>/g, (_m, name: string) =>
        name.endsWith('_NATS_PASSWORD') ? `p${name.toLowerCase()}` : name.toLowerCase(),
      );
    }
    const mod = (await import(path.join(ROOT, app.service, 'src/config.ts'))) as {
      loadConfig(e: Record<string, string>): {
        database: { url?: string };
        nats: { user: string; servers: string[] };
        http: { host: string; port: number };
      };
    };
    const config = mod.loadConfig(env);
    expect(config.database.url).toBe(
      `postgres://${app.database}:${app.prefix.toLowerCase()}_db_password@postgres:5432/${app.database}`,
    );
    expect(config.nats).toMatchObject({ user: app.natsUser, servers: ['nats://nats:4222'] });
    expect(config.http).toEqual({ host: '0.0.0.0', port: app.port });
  });
});
