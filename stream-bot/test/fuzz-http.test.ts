// Fuzzes every HTTP route of stream-bot (tools/fuzz/http-fuzz.ts): thousands of
// malformed requests (wrong types, huge and unicode strings with NUL and lone
// surrogates, missing and extra fields, deep nesting, injection strings) must
// each get a JSON 4xx with a code and a message — no 500, no hang — and leave
// the database as it was. FUZZ_RUNS (requests in all, default 2500) and
// FUZZ_SEED (to replay a failure) tune it.
import { beforeAll, expect, it } from 'vitest';
import { fuzzHttpRoutes, fuzzRuns, fuzzSeed, summary } from '../../tools/fuzz/http-fuzz.ts';
import { startTestService, type TestService } from './harness.ts';

/** Requests in all by default; FUZZ_RUNS overrides. */
const RUNS = 2500;
let svc: TestService;
const ids: Record<string, string[]> = { name: ['wave', 'WAVE', '!wave'], id: [] };

beforeAll(async () => {
  // No model, no Twitch, YouTube or Spotify application: their routes answer with their designed
  // 503 not-configured errors, and facts come from the built-in collection.
  svc = await startTestService({ FACT_POOL_SIZE: '0', LOG_LEVEL: 'error' });
  // Records for the path parameters, so valid-looking ids reach the handlers' deeper code.
  const cmd = await svc.post('/api/bot/commands', { name: 'wave', response: 'Hi $(user)!' });
  expect(cmd.status).toBe(201);
  const timer = await svc.post('/api/bot/timers', {
    name: 'socials',
    message: 'Follow on socials!',
    intervalMinutes: 15,
  });
  expect(timer.status).toBe(201);
  ids.id!.push(((await timer.json()) as { timer: { id: string } }).timer.id);
  return () => svc.stop();
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
      readPath: '/api/bot/config',
      samples: {
        'POST /api/auth/login': { body: { username: 'someone', password: 'not-the-password' } },
        'POST /api/facts': { body: { topic: 'space' } },
        'GET /api/facts': { query: ['q', 'source', 'limit', 'cursor'] },
        'POST /api/facts/hello': { body: { text: 'A fuzzed fact.' } },
        'PUT /api/bot/config': {
          body: { channels: ['alpha'], prefix: '!', factSettings: { prefix: 'Fun fact:' } },
        },
        'POST /api/bot/commands': { body: { name: 'hello', response: 'Hello $(user)' } },
        'PUT /api/bot/commands/:name': { body: { response: 'Hi again', enabled: true } },
        'POST /api/bot/timers': {
          body: { name: 'tip', message: 'Stay hydrated', intervalMinutes: 10 },
        },
        'PUT /api/bot/timers/:id': { body: { minChatLines: 2 } },
        'POST /api/bot/command': {
          body: { text: '!wave', as: { login: 'viewer', role: 'everyone' } },
        },
        'GET /api/analytics/summary': { query: ['days', 'channel', 'platform'] },
        'GET /api/analytics/daily': { query: ['channel', 'platform', 'from', 'to'] },
        'GET /api/analytics/sessions': { query: ['channel', 'platform', 'limit'] },
        'GET /api/chat/messages': { query: ['channel', 'platform', 'q', 'cursor', 'limit'] },
        'PATCH /api/youtube': { body: { enabled: true } },
        'PATCH /api/spotify/settings': { body: { enabled: true, maxPerUser: 3 } },
        'GET /api/spotify/requests': { query: ['limit', 'cursor', 'status'] },
      },
      vocabulary: (
        'name response text topic count enabled channel channels prefix message ' +
        'intervalMinutes minChatLines cooldownSeconds userCooldownSeconds role as login ' +
        'username password limit cursor q days from to platform source code state error ' +
        'factSettings builtinCommands personality'
      ).split(' '),
      treatments: {
        // Logging out would end the test's own session; it is sent without the cookie.
        'POST /api/auth/logout': 'no-session',
        // Server-sent events: a 200 stream is read to its headers and aborted; a refusal is checked.
        'GET /api/bot/status/stream': 'stream',
        'GET /api/spotify/now-playing/stream': 'stream',
        // The web UI's catch-all (HTML pages; paths outside /api, traversal attempts among them).
        'GET /*': 'web-ui',
      },
      designed5xx: {
        // A missing Twitch/YouTube/Spotify application or model: not configured.
        503: ['unavailable'],
        502: ['fact_generation_failed'],
      },
      fingerprint: {
        // last_seen_at moves on every signed-in request.
        exclude: ['sessions'],
        // The relay marks events published in the background; a new row still shows.
        countOnly: { outbox_events: 'seq' },
      },
    });
    console.log(summary('stream-bot', result));
    expect(result.routes.length).toBeGreaterThan(30);
    expect(result.failures).toEqual([]);
  },
);

// Cases the fuzzer found, kept as plain tests.
it('answers a command name with a NUL in the path with 404, not a database error', async () => {
  for (const method of ['PUT', 'DELETE']) {
    const res = await svc.request('/api/bot/commands/wa%00ve', {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response: 'x' }),
    });
    expect(res.status, method).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  }
});

it('refuses text with a lone surrogate instead of storing it changed (U+FFFD)', async () => {
  for (const text of ['a\udc00b', 'x\ud800', '\udfff\ud800']) {
    const res = await svc.post('/api/facts/hello', { text });
    expect(res.status, JSON.stringify(text)).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/text: .*surrogate/);
  }
  // A well-formed pair (an emoji) is kept as sent.
  const ok = await svc.post('/api/facts/hello', { text: 'Zebras 🦓 have stripes.' });
  expect(ok.status).toBe(201);
  expect(JSON.stringify(await ok.json())).toContain('Zebras 🦓 have stripes.');
});

it('refuses text with a NUL with 400', async () => {
  const res = await svc.post('/api/facts/hello', { text: 'a\u0000b' });
  expect(res.status).toBe(400);
});
