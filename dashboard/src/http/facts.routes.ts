import { Hono } from 'hono';
import type { LatestFact } from '../domain/latest-fact.ts';

export function factRoutes(latestFact: LatestFact) {
  return new Hono().get('/latest', async (c) => c.json(await latestFact.read()));
}
