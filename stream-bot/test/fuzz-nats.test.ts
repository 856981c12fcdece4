// Fuzz of stream-bot's NATS query subjects (tools/fuzz-nats): thousands of
// malformed requests per subject as the dashboard's user, each answered with a
// 400 error reply (or, when the contract accepts it, with a response that keeps
// the contract), none a 5xx or silence, and nothing written. stream-bot consumes
// no events, so it has no event side to fuzz. FUZZ_RUNS sets the runs per subject.
import { closeBus, queries } from '@homelab/nats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fuzzRuns, utf8 } from '../../tools/fuzz-nats/payloads.ts';
import { ask } from '../../tools/fuzz-nats/queries.ts';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import { runQuerySuite } from '../../tools/fuzz-nats/query-suite.ts';
import { startTestService, type TestService } from './harness.ts';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
  // Some facts, so the page and random queries have rows to read.
  for (let i = 0; i < 3; i++) expect((await svc.post('/api/facts')).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await svc?.stop();
});

it('answers every malformed request on every query subject with an error reply and writes nothing', async () => {
  const url = svc.database?.url;
  if (!url) throw new Error('the fuzz test needs a Postgres database');
  await runQuerySuite({ owner: 'streambot', databaseUrl: url, runs: fuzzRuns(1500), hugeRuns: 20 });
}, 180_000);

// Found by the fuzz run: the error reply's Nats-Service-Error header carried the JSON parse
// error, which quotes the request, and nats.js refuses \r or \n in a header, so no reply went out.
it('answers a request whose parse error quotes a newline with its 400', async () => {
  const nc = await connectAs('dashboard');
  try {
    for (const text of ['\n\u0000', '{"limit":\r\n1', '\n']) {
      const msg = { label: 'newline', payload: utf8(text), headers: [] };
      const outcome = await ask(nc, queries.factsLatest.subject, msg, 5_000);
      expect(outcome).toMatchObject({ kind: 'error', code: 400, headerCode: 400 });
    }
  } finally {
    await closeBus(nc);
  }
});

// Found by the fuzz run: a NUL in facts.page's q reached PostgreSQL, which cannot hold it in
// text, and the asker got "500 internal error" for a request the contract accepts.
it('answers a facts.page search for a NUL with a 400', async () => {
  const nc = await connectAs('dashboard');
  try {
    for (const q of ['\u0000', 'a\u0000b']) {
      const msg = { label: 'NUL', payload: utf8(JSON.stringify({ q })), headers: [] };
      const outcome = await ask(nc, queries.factsPage.subject, msg, 5_000);
      expect(outcome).toMatchObject({ kind: 'error', code: 400 });
    }
  } finally {
    await closeBus(nc);
  }
});
