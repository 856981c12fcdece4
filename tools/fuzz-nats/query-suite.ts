// The per-service query fuzz test, shared by the three services' fuzz-nats
// test files: the service runs in-process (its test/harness.ts), the requests
// come as the dashboard's NATS user (the one allowed to ask every service),
// and after all subjects the service's database and its events stream are
// what they were before: the refused requests wrote nothing.
import { closeBus, queryContracts, STREAMS, type ServiceName } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { expect } from 'vitest';
import { connectAs, eventually } from '../test-env/service-harness.ts';
import { fingerprinter, type Fingerprinter } from '../fuzz/db-fingerprint.ts';
import { fuzzQuerySubject, type QueryFuzzCounts } from './queries.ts';

export interface QuerySuiteOptions {
  owner: ServiceName;
  databaseUrl: string;
  runs: number;
  hugeRuns: number;
}

async function lastSeq(nc: NatsConnection, stream: string): Promise<number> {
  const jsm = await nc.jetstreamManager();
  return (await jsm.streams.info(stream)).state.last_seq;
}

/** A fingerprint that holds still for a moment (start-up writes are done). */
async function settledFingerprint(db: Fingerprinter): Promise<Record<string, string>> {
  return eventually(async () => {
    const a = await db.take();
    await new Promise((r) => setTimeout(r, 300));
    const b = await db.take();
    expect(b.tables).toEqual(a.tables);
    return b.tables;
  }, 20_000);
}

export async function runQuerySuite(
  options: QuerySuiteOptions,
): Promise<Record<string, QueryFuzzCounts>> {
  const contracts = queryContracts.filter((c) => c.owner === options.owner);
  expect(contracts.length).toBeGreaterThan(0);
  const asker = await connectAs('dashboard');
  const owner = await connectAs(options.owner);
  const db = await fingerprinter(options.databaseUrl);
  try {
    const before = await settledFingerprint(db);
    const seqBefore = await lastSeq(owner, STREAMS[options.owner].events);
    const results: Record<string, QueryFuzzCounts> = {};
    for (const contract of contracts) {
      const counts = await fuzzQuerySubject({
        nc: asker,
        contract,
        runs: options.runs,
        hugeRuns: options.hugeRuns,
      });
      results[contract.subject] = counts;
      // A good part of what was sent breaks the contract (each of those was refused with a
      // 400, checked one by one); an object schema with no fields takes any object.
      // (With a small FUZZ_RUNS the share varies more: then at least one.)
      expect(counts.invalid).toBeGreaterThan(counts.sent >= 500 ? counts.sent / 8 : 0);
      expect(counts.errorsByCode['400'] ?? 0).toBeGreaterThanOrEqual(counts.invalid);
    }
    expect((await db.take()).tables).toEqual(before);
    expect(await lastSeq(owner, STREAMS[options.owner].events)).toBe(seqBefore);
    console.info(`fuzz-nats ${options.owner} queries: ${JSON.stringify(results)}`);
    return results;
  } finally {
    await db.close();
    await closeBus(asker);
    await closeBus(owner);
  }
}
