// Asks stream-bot for its newest fact: the read model's source of truth.
import { queries, request } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import type { FactSnapshot } from '../domain/latest-fact.ts';

export function fetchLatestFact(nc: NatsConnection, timeoutMs: number) {
  return async (): Promise<FactSnapshot | null> => {
    const { facts } = await request(nc, queries.factsLatest, { limit: 1 }, { timeoutMs });
    const fact = facts[0];
    if (!fact) return null;
    return { ...fact, model: fact.model ?? null };
  };
}
