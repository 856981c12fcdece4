// /api/facts: generate, add by hand, read the latest or a random one, and
// page through them with a search. Input is checked before anything is read
// or written; the domain decides what a valid query is.
import { Hono } from 'hono';
import { z } from 'zod';
import { ENABLE_AI_HINT, type Fact, type FactService } from '../domain/facts.ts';
import { DomainError } from '../domain/errors.ts';
import { readJson } from './errors.ts';

const helloBody = z.object({ text: z.string().optional() });
const generateBody = z.strictObject({});
const PAGE_PARAMS = ['q', 'source', 'limit', 'cursor'];

export function factJson(fact: Fact) {
  return {
    id: fact.id,
    text: fact.text,
    source: fact.source,
    model: fact.model,
    createdAt: fact.createdAt.toISOString(),
  };
}

function pageInput(params: Record<string, string>) {
  const unknown = Object.keys(params).filter((k) => !PAGE_PARAMS.includes(k));
  if (unknown.length > 0) {
    throw new DomainError(
      'invalid_input',
      `unknown query parameter ${unknown.join(', ')}; expected ${PAGE_PARAMS.join(', ')}`,
    );
  }
  const { q, source, limit, cursor } = params;
  if (limit !== undefined && !/^\d+$/.test(limit)) {
    throw new DomainError('invalid_input', `limit "${limit}" is not a whole number`);
  }
  return { q, source, cursor, limit: limit === undefined ? undefined : Number(limit) };
}

export function factRoutes(facts: FactService) {
  return new Hono()
    .post('/', async (c) => {
      await readJson(c, generateBody);
      const fact = await facts.create();
      return c.json(
        {
          fact: factJson(fact),
          ai: facts.aiEnabled,
          notice: fact.source === 'builtin' ? ENABLE_AI_HINT : null,
        },
        201,
      );
    })
    .get('/', async (c) => {
      const page = await facts.page(pageInput(c.req.query()));
      return c.json({ facts: page.facts.map(factJson), nextCursor: page.nextCursor });
    })
    .post('/hello', async (c) => {
      const body = await readJson(c, helloBody);
      const fact = await facts.sayHello(body.text);
      return c.json({ fact: factJson(fact) }, 201);
    })
    .get('/latest', async (c) => {
      const fact = await facts.latest();
      return c.json({ fact: fact ? factJson(fact) : null });
    })
    .get('/random', async (c) => {
      const fact = await facts.random();
      return c.json({ fact: fact ? factJson(fact) : null });
    });
}
