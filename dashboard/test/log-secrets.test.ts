// Secrets never reach the dashboard's log. The service runs in-process with a trace-level
// logger whose lines this file keeps (tools/secrets-in-logs), through the flows that handle
// secrets: local logins (right and wrong passwords), the session cookie, a forged cookie, the
// OpenAI key (the status check and a Jarvis chat against the OpenAI stand-in, then the same
// refused with a 401), PLEX_TOKEN (the Plex status, then a Plex that refuses the token); then
// it is run as a process that cannot start (wrong NATS password, wrong or unreachable database
// with a password in its URL). Every line is searched for every secret, raw, URL-encoded,
// base64 and JSON-escaped.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it, vi } from 'vitest';
import { captureLogs } from '../../tools/secrets-in-logs/capture.ts';
import { expectNoSecrets, type Secrets } from '../../tools/secrets-in-logs/scan.ts';
import { startupFailures } from '../../tools/secrets-in-logs/startup-failures.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { startPlexStandIn, type PlexStandIn } from '../../tools/test-env/plex-stand-in.ts';
import { serviceHarness, type TestService } from '../../tools/test-env/service-harness.ts';
import { loadConfig } from '../src/config.ts';
import { startService, type RunningService } from '../src/service.ts';
import { readSse } from './sse.ts';

const secret = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
const WEB_PASSWORD = secret('web');
const OPENAI_KEY = `sk-${secret('openai')}`;
const PLEX_TOKEN = secret('plex');
const capture = captureLogs();

const { startTestService } = serviceHarness<RunningService>({
  user: 'dashboard',
  env: { HEALTH_PROBE_INTERVAL_MS: '600000', WEB_USERNAME: 'admin', WEB_PASSWORD },
  start: (env) =>
    startService(
      loadConfig({
        ARTIFACTS_DIR: mkdtempSync(path.join(os.tmpdir(), 'dashboard-artifacts-')),
        ...env,
      }),
      capture.logger('dashboard'),
    ),
  async ready(svc) {
    const res = await svc.post('/api/auth/login', { username: 'admin', password: WEB_PASSWORD });
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  },
});

let openai: OpenAiStandIn;
let plex: PlexStandIn;
let refusingPlex: PlexStandIn;
const services: TestService<RunningService>[] = [];
const secrets: Secrets = {};

beforeAll(async () => {
  capture.captureConsole();
  openai = await startOpenAiStandIn({ apiKey: OPENAI_KEY });
  plex = await startPlexStandIn({ token: PLEX_TOKEN });
  refusingPlex = await startPlexStandIn({ token: secret('otherplex') });
}, 60_000);

afterAll(async () => {
  for (const s of services) await s.stop().catch(() => undefined);
  await openai?.close();
  await plex?.close();
  await refusingPlex?.close();
  vi.restoreAllMocks();
});

it('logs no password, cookie, key or token in the flows that handle them', async () => {
  const dirs = mkdtempSync(path.join(os.tmpdir(), 'log-secrets-plex-'));
  const svc = await startTestService({
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openai.baseUrl,
    PLEX_URL: plex.url,
    PLEX_TOKEN,
    PLEX_IMPORT_DIR: dirs,
    PLEX_MOVIES_DIR: path.join(dirs, 'Movies'),
  });
  services.push(svc);
  Object.assign(secrets, {
    WEB_PASSWORD,
    OPENAI_API_KEY: OPENAI_KEY,
    PLEX_TOKEN,
    NATS_PASSWORD: inject('natsCredentials').dashboard.pass,
    'database password': svc.database?.password,
  });

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
  secrets['session cookie'] = sessionValue;
  const forged = secret('forged');
  secrets['forged session cookie'] = forged;
  expect(
    (await svc.anonymous('/api/health', { headers: { cookie: `${sessionName}=${forged}` } }))
      .status,
  ).toBe(401);

  // The OpenAI key: the status check, a chat, then the API refusing.
  expect((await svc.get('/api/ai/status?check=true')).status).toBe(200);
  openai.answer('All systems nominal.');
  const chat = await svc.post('/api/ai/chat', { message: 'How are things?' });
  expect(chat.status).toBe(200);
  const sse = readSse(chat);
  for (let i = 0; i < 50; i++) {
    const m = await sse.next(20_000).catch(() => undefined);
    if (!m || m.event === 'done' || m.event === 'error') break;
  }
  await sse.close();
  openai.setDefault({ status: 401, message: 'Incorrect API key provided' });
  const refused = await svc.post('/api/ai/chat', { message: 'And now?' });
  if (refused.status === 200) {
    const r = readSse(refused);
    for (let i = 0; i < 50; i++) {
      const m = await r.next(20_000).catch(() => undefined);
      if (!m || m.event === 'done' || m.event === 'error') break;
    }
    await r.close();
  }
  await svc.get('/api/ai/status?check=true');

  // PLEX_TOKEN: the status (Plex answers), then a Plex that refuses it.
  expect((await svc.get('/api/plex/status')).status).toBe(200);
  await svc.stop();

  const refusing = await startTestService({
    PLEX_URL: refusingPlex.url,
    PLEX_TOKEN,
    PLEX_IMPORT_DIR: dirs,
    PLEX_MOVIES_DIR: path.join(dirs, 'Movies'),
  });
  services.push(refusing);
  secrets['database password (second)'] = refusing.database?.password;
  await refusing.get('/api/plex/status');
  await refusing.stop();

  const scanned = expectNoSecrets(capture.lines, secrets);
  expect(scanned).toBeGreaterThan(10);
  console.info(`log-secrets dashboard: ${scanned} lines, ${Object.keys(secrets).length} secrets`);
}, 120_000);

it('logs no password when it cannot start (wrong NATS password, wrong or unreachable database)', async () => {
  const env = { WEB_PASSWORD, OPENAI_API_KEY: OPENAI_KEY, PLEX_TOKEN };
  const { lines, secrets: own } = await startupFailures('dashboard', env);
  const scanned = expectNoSecrets(lines, { ...own, ...env });
  console.info(`log-secrets dashboard start-up failures: ${scanned} lines`);
}, 180_000);
