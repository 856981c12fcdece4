// Fuzz of discord-bot's NATS query subjects (tools/fuzz-nats): thousands of
// malformed requests per subject as the dashboard's user, each answered with a
// 400 error reply (or, when the contract accepts it, with a response that keeps
// the contract), none a 5xx or silence, and nothing written. discord-bot
// consumes no events, so it has no event side to fuzz. FUZZ_RUNS sets the runs
// per subject.
import { afterAll, beforeAll, it } from 'vitest';
import { fuzzRuns } from '../../tools/fuzz-nats/payloads.ts';
import { runQuerySuite } from '../../tools/fuzz-nats/query-suite.ts';
import { startTestService, type TestService } from './harness.ts';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
}, 60_000);

afterAll(async () => {
  await svc?.stop();
});

it('answers every malformed request on every query subject with an error reply and writes nothing', async () => {
  const url = svc.database?.url;
  if (!url) throw new Error('the fuzz test needs a Postgres database');
  await runQuerySuite({ owner: 'discord', databaseUrl: url, runs: fuzzRuns(1500), hugeRuns: 20 });
}, 180_000);
