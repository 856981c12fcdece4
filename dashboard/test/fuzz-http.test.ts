// Fuzzes every HTTP route of the dashboard (tools/fuzz/http-fuzz.ts): thousands
// of malformed requests (wrong types, huge and unicode strings with NUL and lone
// surrogates, missing and extra fields, deep nesting, injection strings) must
// each get a JSON 4xx with a code and a message — no 500, no hang — and leave
// the database as it was. FUZZ_RUNS (requests in all, default 3000) and
// FUZZ_SEED (to replay a failure) tune it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { fuzzHttpRoutes, fuzzRuns, fuzzSeed, summary } from '../../tools/fuzz/http-fuzz.ts';
import { startTestService, type TestService } from './harness.ts';

/** Requests in all by default; FUZZ_RUNS overrides. */
const RUNS = 3000;
let svc: TestService;
const ids: Record<string, string[]> = {
  id: [],
  host: ['local'],
  action: ['start', 'stop', 'restart'],
  jobId: [],
};
const mountRoot = mkdtempSync(path.join(os.tmpdir(), 'dashboard-fuzz-nas-'));

/** A NAS share's server must stay on this machine: the dashboard probes and mounts it. */
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1|\[::1\])$/;

beforeAll(async () => {
  // No Docker engine (a socket path that does not exist), no model, no Plex: those routes answer
  // their designed 503s and nothing reaches a real engine or another machine.
  svc = await startTestService({
    LOG_LEVEL: 'error',
    DOCKER_SOCKET: path.join(mountRoot, 'no-docker.sock'),
    NAS_MOUNT_ROOT: mountRoot,
  });
  const share = await svc.post('/api/nas/shares', {
    name: 'Media',
    protocol: 'smb',
    server: '127.0.0.1',
    share: 'media',
    mountPoint: `${mountRoot}/media`,
    options: 'guest,port=1',
  });
  expect(share.status).toBe(201);
  ids.id!.push(((await share.json()) as { share: { id: string } }).share.id);
  return async () => {
    await svc.stop();
    rmSync(mountRoot, { recursive: true, force: true });
  };
});

it(
  'answers every route with a clear refusal or a faithful write',
  // Up to 200 ms a request (a loaded machine, a long FUZZ_RUNS hunt), at least 10 minutes.
  { timeout: Math.max(600_000, fuzzRuns(RUNS) * 200) },
  async () => {
    const result = await fuzzHttpRoutes({
      svc: () => svc,
      runs: fuzzRuns(RUNS),
      seed: fuzzSeed(),
      ids: (param) => ids[param] ?? [],
      readPath: '/api/auth/me',
      // A share whose server is another machine would be probed (TCP) and mounted: such requests
      // are not sent (this test talks to nothing but loopback).
      skip: (route, json) =>
        route.startsWith('POST /api/nas/shares') || route.startsWith('PATCH /api/nas/shares')
          ? typeof json === 'object' &&
            json !== null &&
            'server' in json &&
            !(
              typeof (json as { server: unknown }).server !== 'string' ||
              LOOPBACK.test((json as { server: string }).server)
            )
            ? 'a NAS server off this machine'
            : undefined
          : undefined,
      samples: {
        'POST /api/auth/login': { body: { username: 'someone', password: 'not-the-password' } },
        'GET /api/events/recent': { query: ['service', 'type', 'limit'] },
        'GET /api/events/stream': { query: ['service', 'type', 'replay'] },
        'GET /api/facts': { query: ['limit'] },
        'GET /api/discord/tickets': { query: ['limit'] },
        'GET /api/discord/moderation': { query: ['limit'] },
        'GET /api/health/history': { query: ['target', 'hours'] },
        'GET /api/docker/containers': { query: ['host', 'all'] },
        'GET /api/docker/containers/:host/:id/logs': { query: ['tail', 'since', 'timestamps'] },
        'GET /api/docker/containers/:host/:id/stats': { query: ['stream'] },
        'POST /api/docker/containers/:host/:id/:action': { body: { confirm: 'yes' } },
        'GET /api/docker/actions': { query: ['limit'] },
        'POST /api/deploy': { body: { target: 'web', pull: false } },
        'GET /api/deployments': { query: ['target', 'limit'] },
        'GET /api/ai/status': { query: ['check'] },
        'POST /api/ai/chat': { body: { message: 'Are you there?' } },
        'GET /api/ai/sessions': { query: ['limit'] },
        'PATCH /api/ai/sessions/:id': { body: { title: 'Restarts' } },
        'GET /api/ai/actions': { query: ['limit', 'sessionId'] },
        'POST /api/ai/log-analyses': { body: { host: 'local', container: 'web', lines: 100 } },
        'GET /api/ai/log-analyses': { query: ['limit', 'container'] },
        'POST /api/nas/shares': {
          body: {
            name: 'Backup',
            protocol: 'nfs',
            server: '127.0.0.1',
            share: '/export/backup',
            mountPoint: `${mountRoot}/backup`,
            options: '',
          },
        },
        'PATCH /api/nas/shares/:id': { body: { name: 'Films', options: 'guest,port=2' } },
        'POST /api/artifacts': { multipart: true },
        'GET /api/artifacts': { query: ['limit', 'offset'] },
        'POST /api/plex/import': { body: { mode: 'move', dryRun: true } },
        'GET /api/plex/imports': { query: ['jobId', 'limit'] },
        'GET /api/jobs': { query: ['kind', 'status', 'limit'] },
        'GET /api/jobs/events': { query: ['id'] },
      },
      vocabulary: (
        'username password target host image pull message sessionId title container lines ' +
        'name protocol share mountPoint options credentialsFile mode dryRun confirm limit ' +
        'offset cursor since tail stream all hours kind status id service type replay check ' +
        'file'
      ).split(' '),
      treatments: {
        // Logging out would end the test's own session; it is sent without the cookie.
        'POST /api/auth/logout': 'no-session',
        // Server-sent events: a 200 stream is read to its headers and aborted; a refusal is checked.
        'GET /api/events/stream': 'stream',
        'GET /api/jobs/events': 'stream',
        'GET /api/deployments/:id/events': 'stream',
        'GET /api/docker/containers/:host/:id/stats': 'stream',
        'GET /api/docker/containers/:host/:id/logs': 'stream',
        // The web UI's catch-all (HTML pages; paths outside /api, traversal attempts among them).
        'GET /*': 'web-ui',
      },
      designed5xx: {
        // No Docker engine, model or Plex server: not configured or unavailable.
        503: ['not_configured', 'unavailable'],
      },
      fingerprint: {
        // last_seen_at moves on every signed-in request.
        exclude: ['sessions'],
        // The relay marks events published in the background; a new row still shows.
        countOnly: { outbox_events: 'seq' },
      },
    });
    console.log(summary('dashboard', result));
    expect(result.routes.length).toBeGreaterThan(50);
    expect(result.failures).toEqual([]);
  },
);

// Cases the fuzzer found, kept as plain tests.
it('refuses a conversation title with a NUL with 400 (it reached PostgreSQL: 500)', async () => {
  const res = await svc.patch('/api/ai/sessions/223f71b9-4c7a-4b17-a94f-f8225b1f56f7', {
    title: 'CU\u0000W',
  });
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({
    error: { code: 'invalid_input', message: 'title: contains a NUL character (\\u0000)' },
  });
});

it('refuses a query parameter with a NUL with 400 (GET /api/deployments?target= reached PostgreSQL: 500)', async () => {
  const res = await svc.get('/api/deployments?target=web%00');
  expect(res.status).toBe(400);
  expect(await res.json()).toEqual({
    error: { code: 'invalid_input', message: 'target: contains a NUL character (\\u0000)' },
  });
});
