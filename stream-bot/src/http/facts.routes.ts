import { Hono } from 'hono';
import { z } from 'zod';
import type { Fact, FactService } from '../domain/facts.ts';
import { readJson } from './errors.ts';

const helloBody = z.object({ text: z.string().optional() });

export function factJson(fact: Fact) {
  return {
    id: fact.id,
    text: fact.text,
    source: fact.source,
    model: fact.model,
    createdAt: fact.createdAt.toISOString(),
  };
}

export function factRoutes(facts: FactService) {
  return new Hono()
    .post('/hello', async (c) => {
      const body = await readJson(c, helloBody);
      const fact = await facts.sayHello(body.text);
      return c.json({ fact: factJson(fact) }, 201);
    })
    .get('/latest', async (c) => {
      const fact = await facts.latest();
      return c.json({ fact: fact ? factJson(fact) : null });
    });
}
