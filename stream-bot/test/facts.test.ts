// Facts without a language model (the built-in collection), reading them
// back over HTTP and NATS: search, paging, random, and refusals of bad input.
import { closeBus, QueryErrorReply, queries, request } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_FACTS } from '../src/domain/builtin-facts.ts';
import { RECENT_TO_AVOID } from '../src/domain/facts.ts';
import { rowCounts, type CreatedBody, type FactJson, type PageBody } from './fact-rows.ts';
import { startTestService, type TestService } from './harness.ts';
import { connectAs } from '../../tools/test-env/service-harness.ts';

let svc: TestService;
let dashboard: NatsConnection;
const generated: FactJson[] = [];

beforeAll(async () => {
  svc = await startTestService();
  dashboard = await connectAs('dashboard');
  return async () => {
    await closeBus(dashboard);
    await svc.stop();
  };
});

async function page(query: string): Promise<PageBody> {
  const res = await svc.get(`/api/facts?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as PageBody;
}

describe('without a language model', () => {
  it('answers from the built-in collection and says how to turn AI on', async () => {
    const res = await svc.post('/api/facts');
    expect(res.status).toBe(201);
    const body = (await res.json()) as CreatedBody;
    expect(body).toMatchObject({ ai: false, fact: { source: 'builtin', model: null } });
    expect(body.notice).toMatch(/built-in collection.*OPENAI_API_KEY/);
    expect(BUILTIN_FACTS).toContain(body.fact.text);
    generated.push(body.fact);
  });

  it('does not repeat any of the recent facts', async () => {
    for (let i = generated.length; i < RECENT_TO_AVOID; i++) {
      generated.push(((await (await svc.post('/api/facts')).json()) as CreatedBody).fact);
    }
    expect(new Set(generated.map((f) => f.text)).size).toBe(RECENT_TO_AVOID);
  });

  it('keeps every built-in fact short enough for chat', () => {
    expect(BUILTIN_FACTS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(BUILTIN_FACTS).size).toBe(BUILTIN_FACTS.length);
    for (const fact of BUILTIN_FACTS) expect(fact.length).toBeLessThanOrEqual(280);
  });
});

describe('reading facts', () => {
  it('finds facts by a piece of their text in any case, and by source', async () => {
    await svc.post('/api/facts/hello', { text: 'Zebra stripes confuse biting flies.' });
    await svc.post('/api/facts/hello', { text: 'A baby ZEBRA knows its mother by her stripes.' });
    const found = await page('q=zeBRA');
    expect(found.facts.map((f) => f.text)).toEqual([
      'A baby ZEBRA knows its mother by her stripes.',
      'Zebra stripes confuse biting flies.',
    ]);
    const manual = await page('source=manual&limit=100');
    expect(manual.facts).toHaveLength(2);
    const builtin = await page('source=builtin&limit=100');
    expect(builtin.facts).toHaveLength(RECENT_TO_AVOID);
  });

  it('pages through every fact once, newest first, with the cursor', async () => {
    const all = await page('limit=100');
    expect(all.nextCursor).toBeNull();
    const walked: FactJson[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const next: PageBody = await page(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(next.facts.length).toBeLessThanOrEqual(3);
      walked.push(...next.facts);
      cursor = next.nextCursor;
    }
    expect(walked).toEqual(all.facts);
    expect(walked).toHaveLength(RECENT_TO_AVOID + 2);
  });

  it('serves a random stored fact', async () => {
    const ids = new Set((await page('limit=100')).facts.map((f) => f.id));
    const { fact } = (await (await svc.get('/api/facts/random')).json()) as { fact: FactJson };
    expect(ids.has(fact.id)).toBe(true);
  });

  it.each([
    ['limit=0', /limit must be a whole number from 1 to 100/],
    ['limit=ten', /limit "ten" is not a whole number/],
    ['source=robot', /unknown fact source "robot"; expected one of ai, builtin, manual/],
    ['cursor=bm90LWEtY3Vyc29y', /cursor is not one this service gave out/],
    ['q=' + 'x'.repeat(201), /q is longer than 200 characters/],
    ['sort=oldest', /unknown query parameter sort/],
  ])('refuses %s with a 400 that says what is wrong', async (query, message) => {
    const res = await svc.get(`/api/facts?${query}`);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(message);
  });

  it('writes nothing for a generate request with a body it does not understand', async () => {
    const before = await rowCounts(svc);
    expect((await svc.post('/api/facts', { count: 5 })).status).toBe(400);
    expect((await svc.post('/api/facts', [1])).status).toBe(400);
    expect(await rowCounts(svc)).toEqual(before);
  });
});

describe('facts over NATS', () => {
  it('answers facts.random with a stored fact', async () => {
    const ids = new Set((await page('limit=100')).facts.map((f) => f.id));
    const { fact } = await request(dashboard, queries.factsRandom, {});
    expect(fact && ids.has(fact.factId)).toBe(true);
  });

  it('answers facts.page with the same search and cursor as the HTTP API', async () => {
    const first = await request(dashboard, queries.factsPage, { q: 'ZEBRA', limit: 1 });
    expect(first.facts.map((f) => f.text)).toEqual([
      'A baby ZEBRA knows its mother by her stripes.',
    ]);
    expect(first.nextCursor).not.toBeNull();
    const second = await request(dashboard, queries.factsPage, {
      q: 'zebra',
      limit: 1,
      cursor: first.nextCursor!,
    });
    expect(second.facts.map((f) => f.text)).toEqual(['Zebra stripes confuse biting flies.']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it never gave out with a 400 reply', async () => {
    const refused = await request(dashboard, queries.factsPage, { cursor: 'garbage' }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(QueryErrorReply);
    expect(refused).toMatchObject({ code: 400 });
  });
});
