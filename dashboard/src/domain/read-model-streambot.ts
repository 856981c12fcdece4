// What the dashboard keeps of stream-bot's data and how stream-bot's events
// change it. Shapes follow stream-bot's query answers (nats/src/contracts).
import type { FactSnapshot } from './latest-fact.ts';

/** The most facts the dashboard keeps (and GET /api/facts serves). */
export const FACTS_KEPT = 50;

export interface FactList {
  facts: FactSnapshot[];
}

/** fact.created: newest first, each fact once. */
export function addFact(state: FactList, fact: FactSnapshot): FactList {
  if (state.facts.some((f) => f.factId === fact.factId)) return state;
  const facts = [fact, ...state.facts]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, FACTS_KEPT);
  return { facts };
}

export interface BotStatus {
  connected: boolean;
  channels: string[];
  connectedSince: string | null;
}

export interface BotStatusChange {
  connected: boolean;
  channels: string[];
}

/** bot.status-changed: a connection that stays up keeps its start time. */
export function changeBotStatus(
  state: BotStatus,
  change: BotStatusChange,
  occurredAt: string,
): BotStatus {
  const connectedSince = !change.connected
    ? null
    : state.connected
      ? state.connectedSince
      : occurredAt;
  return { connected: change.connected, channels: change.channels, connectedSince };
}

export interface AnalyticsSummary {
  since: string;
  messages: number;
  uniqueChatters: number;
  factsPosted: number;
  topChatters: { username: string; messages: number }[];
}

/**
 * No event carries the summary, and counting chat lines here would drift from
 * stream-bot's own figures, so any chat activity just asks stream-bot again
 * (no more often than the model's retry spacing).
 */
export function chatActivity(): AnalyticsSummary | undefined {
  return undefined;
}
