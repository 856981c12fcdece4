// Facts written by a language model: the real openai SDK talks to a local
// stand-in for the OpenAI API, the service runs on real Postgres and NATS.
import { events, type SubscribedEvent } from '@homelab/nats';
import { beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../tools/test-env/openai-stand-in.ts';
import { eventually, watchEvents } from '../../tools/test-env/service-harness.ts';
import { rowCounts, type CreatedBody } from './fact-rows.ts';
import { startTestService, type TestService } from './harness.ts';

const KEY = 'sk-stand-in-key';
const MODEL = 'stand-in-model';

let standIn: OpenAiStandIn;
let svc: TestService;
const seen: SubscribedEvent[] = [];

beforeAll(async () => {
  standIn = await startOpenAiStandIn({ apiKey: KEY });
  svc = await startTestService({
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: standIn.baseUrl,
    FACTS_MODEL: MODEL,
  });
  const watch = await watchEvents('STREAMBOT_EVENTS', seen);
  return async () => {
    await watch.stop();
    await svc.stop();
    await standIn.close();
  };
});

async function generate(): Promise<Response> {
  return svc.post('/api/facts');
}

describe('POST /api/facts with a language model', () => {
  it('stores a generated fact, returns it and publishes fact.created', async () => {
    standIn.answer('Fun fact: "Honey never spoils."');
    const res = await generate();
    expect(res.status).toBe(201);
    const body = (await res.json()) as CreatedBody;
    expect(body).toMatchObject({ ai: true, notice: null });
    expect(body.fact).toMatchObject({ text: 'Honey never spoils.', source: 'ai', model: MODEL });
    expect(standIn.requests.at(-1)?.model).toBe(MODEL);

    const latest = (await (await svc.get('/api/facts/latest')).json()) as CreatedBody;
    expect(latest.fact).toEqual(body.fact);

    const published = await eventually(async () => {
      const e = seen.find((x) => (x.envelope.data as { factId?: string }).factId === body.fact.id);
      if (!e) throw new Error('fact.created not on the stream yet');
      return e;
    });
    expect(published.subject).toBe(events.factCreated.subject);
    expect(published.envelope.data).toEqual({
      factId: body.fact.id,
      text: 'Honey never spoils.',
      source: 'ai',
      model: MODEL,
    });
  });

  it('stores a fact once when two concurrent generations come back with the same text', async () => {
    const same = 'A group of flamingos is called a flamboyance.';
    standIn.answer(
      { content: same, delayMs: 300 },
      { content: same, delayMs: 300 },
      'Snails can sleep for up to three years.',
    );
    const [a, b] = await Promise.all([generate(), generate()]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const texts = [a, b].map(async (r) => ((await r.json()) as CreatedBody).fact.text);
    expect((await Promise.all(texts)).sort()).toEqual([
      'A group of flamingos is called a flamboyance.',
      'Snails can sleep for up to three years.',
    ]);
    const found = (await (await svc.get('/api/facts?q=flamboyance')).json()) as {
      facts: unknown[];
    };
    expect(found.facts).toHaveLength(1);
  });

  it('lists the recent facts in the prompt so the model avoids them', async () => {
    await svc.post('/api/facts/hello', { text: 'A hand-written fact to avoid.' });
    standIn.answer('Wombats leave cube-shaped droppings.');
    expect((await generate()).status).toBe(201);
    const messages = standIn.requests.at(-1)?.messages ?? [];
    const prompt = messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('- A hand-written fact to avoid.');
    expect(prompt).toContain('- Honey never spoils.');
    expect(messages[0]).toMatchObject({ role: 'system' });
  });

  it('asks again after an empty and an over-long answer and stores the first usable one', async () => {
    const asked = standIn.requests.length;
    standIn.answer('   ', 'Far too long. '.repeat(30), 'Sea otters hold hands while they sleep.');
    const res = await generate();
    expect(res.status).toBe(201);
    expect(((await res.json()) as CreatedBody).fact.text).toBe(
      'Sea otters hold hands while they sleep.',
    );
    expect(standIn.requests.length - asked).toBe(3);
  });

  it('rejects an answer that repeats a stored fact in other words', async () => {
    standIn.answer('HONEY never spoils!', 'Koalas sleep up to 20 hours a day.');
    const res = await generate();
    expect(((await res.json()) as CreatedBody).fact.text).toBe(
      'Koalas sleep up to 20 hours a day.',
    );
    // The rejected repeat is named in the next prompt, so the model moves on.
    expect(standIn.requests.at(-1)?.messages.at(-1)?.content).toContain('- HONEY never spoils!');
  });

  it('answers 502 naming every problem when no attempt is usable, and writes nothing', async () => {
    const before = await rowCounts(svc);
    standIn.answer('', 'honey never spoils', 'y'.repeat(400));
    const res = await generate();
    expect(res.status).toBe(502);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('fact_generation_failed');
    expect(error.message).toMatch(/3 attempts/);
    expect(error.message).toMatch(/empty/);
    expect(error.message).toMatch(/already stored/);
    expect(error.message).toMatch(/400 characters/);
    expect(await rowCounts(svc)).toEqual(before);
  });

  it('answers 502 when the model server keeps failing, and writes nothing', async () => {
    const before = await rowCounts(svc);
    const res = await generate();
    expect(res.status).toBe(502);
    const { error } = (await res.json()) as { error: { message: string } };
    expect(error.message).toMatch(/did not answer/);
    expect(await rowCounts(svc)).toEqual(before);
  });

  it('gives up with a 502 within its time limit when the model is too slow, and writes nothing', async () => {
    const quick = await startTestService({
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: standIn.baseUrl,
      FACTS_MODEL: MODEL,
      FACTS_TIMEOUT_MS: '1500',
    });
    try {
      const before = await rowCounts(quick);
      // One slow answer: the first attempt uses the whole budget, so no second request is made.
      standIn.answer({ content: 'Snails can sleep for three years.', delayMs: 4000 });
      const started = Date.now();
      const res = await quick.post('/api/facts');
      const took = Date.now() - started;
      expect(res.status).toBe(502);
      const { error } = (await res.json()) as { error: { message: string } };
      expect(error.message).toMatch(/no time left/);
      expect(took).toBeGreaterThanOrEqual(1400);
      expect(took).toBeLessThan(3500);
      expect(await rowCounts(quick)).toEqual(before);
    } finally {
      await quick.stop();
    }
  });

  it('refuses a body it does not understand with a 400 before asking the model', async () => {
    const asked = standIn.requests.length;
    const before = await rowCounts(svc);
    const res = await svc.post('/api/facts', { topic: 'space' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/topic/);
    expect(standIn.requests.length).toBe(asked);
    expect(await rowCounts(svc)).toEqual(before);
  });
});
