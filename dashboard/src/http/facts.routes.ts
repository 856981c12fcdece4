// stream-bot's facts as the dashboard's read models hold them: read-only, no
// route here writes (facts belong to stream-bot).
import { Hono } from 'hono';
import { z } from 'zod';
import type { FactSnapshot, LatestFact } from '../domain/latest-fact.ts';
import { FACTS_KEPT, type FactList } from '../domain/read-model-streambot.ts';
import type { ReadModel } from '../domain/read-model.ts';
import { parseInput } from './errors.ts';

export interface FactModels {
  latestFact: LatestFact;
  facts: ReadModel<FactList, FactSnapshot>;
}

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(FACTS_KEPT).default(FACTS_KEPT),
});

export function factRoutes(models: FactModels) {
  return new Hono()
    .get('/latest', async (c) => c.json(await models.latestFact.read()))
    .get('/', async (c) => {
      const { limit } = parseInput(listQuery, c.req.query());
      const view = await models.facts.read();
      return c.json({ ...view, data: { facts: view.data.facts.slice(0, limit) } });
    });
}
