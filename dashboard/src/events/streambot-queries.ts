// Asks stream-bot for the data the dashboard's read models copy: its newest
// facts, its chat bot's status and its chat analytics. Read-only by contract.
import { queries, request } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import type { FactSnapshot } from '../domain/latest-fact.ts';
import {
  FACTS_KEPT,
  type AnalyticsSummary,
  type BotStatus,
  type FactList,
} from '../domain/read-model-streambot.ts';

export function fetchFacts(nc: NatsConnection, timeoutMs: number) {
  return async (): Promise<FactList> => {
    const { facts } = await request(nc, queries.factsLatest, { limit: FACTS_KEPT }, { timeoutMs });
    return { facts: facts.map((f): FactSnapshot => ({ ...f, model: f.model ?? null })) };
  };
}

export function fetchBotStatus(nc: NatsConnection, timeoutMs: number) {
  return (): Promise<BotStatus> => request(nc, queries.botStatus, {}, { timeoutMs });
}

/** The window the dashboard shows: chat activity over the last day. */
export const ANALYTICS_HOURS = 24;

export function fetchAnalytics(nc: NatsConnection, timeoutMs: number) {
  return (): Promise<AnalyticsSummary> =>
    request(nc, queries.analyticsSummary, { sinceHours: ANALYTICS_HOURS }, { timeoutMs });
}
