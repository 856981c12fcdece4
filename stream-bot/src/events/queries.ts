// stream-bot's answers to the read-only queries other services send over NATS.
// Each answer says only what stream-bot knows; nothing is made up.
import { QueryError, type QueryRequest, type QueryResponse, type queries } from '@homelab/nats';
import type { BotStatusSummary } from '../chat/bot-status.ts';
import { DomainError } from '../domain/errors.ts';
import { toFactQuery } from '../domain/fact-page.ts';
import type { Fact, FactStore } from '../domain/facts.ts';
import type { AnalyticsStore } from '../db/analytics-store.ts';

type FactsLatest = typeof queries.factsLatest;
type FactsRandom = typeof queries.factsRandom;
type FactsPage = typeof queries.factsPage;
type BotStatus = typeof queries.botStatus;
type AnalyticsSummary = typeof queries.analyticsSummary;

const DEFAULT_FACT_LIMIT = 10;
const DEFAULT_SINCE_HOURS = 24;

function factView(fact: Fact) {
  return {
    factId: fact.id,
    text: fact.text,
    source: fact.source,
    ...(fact.model ? { model: fact.model } : {}),
    createdAt: fact.createdAt.toISOString(),
  };
}

/** A request the contract accepts but the domain does not (a foreign cursor) is the asker's fault. */
function asQueryError(err: unknown): never {
  if (err instanceof DomainError && err.code === 'invalid_input') {
    throw new QueryError(400, err.message, { cause: err });
  }
  throw err;
}

/** Chat activity over every channel; without one (no chat log) nothing was read: all zero. */
export type ChatActivity = Pick<AnalyticsStore, 'chatSince'>;
const NO_CHAT: ChatActivity = {
  chatSince: () => Promise.resolve({ messages: 0, uniqueChatters: 0, topChatters: [] }),
};

/** The chat connector's summary of every bot; without one no bot runs. */
export interface BotSummarySource {
  summary(): BotStatusSummary;
}
const NO_BOT: BotSummarySource = {
  summary: () => ({ connected: false, channels: [], connectedSince: null }),
};

export function createQueryHandlers(
  facts: FactStore,
  now: () => Date = () => new Date(),
  chat: ChatActivity = NO_CHAT,
  bot: BotSummarySource = NO_BOT,
) {
  return {
    async factsLatest(req: QueryRequest<FactsLatest>): Promise<QueryResponse<FactsLatest>> {
      const recent = await facts.recent(req.limit ?? DEFAULT_FACT_LIMIT);
      return { facts: recent.map(factView) };
    },

    async factsRandom(_req: QueryRequest<FactsRandom>): Promise<QueryResponse<FactsRandom>> {
      const fact = await facts.random();
      return { fact: fact ? factView(fact) : null };
    },

    async factsPage(req: QueryRequest<FactsPage>): Promise<QueryResponse<FactsPage>> {
      let query;
      try {
        query = toFactQuery(req);
      } catch (err) {
        asQueryError(err);
      }
      const page = await facts.page(query);
      return { facts: page.facts.map(factView), nextCursor: page.nextCursor };
    },

    // Every user's bot together: connected if any is, the union of channels, the earliest start.
    async botStatus(_req: QueryRequest<BotStatus>): Promise<QueryResponse<BotStatus>> {
      const { connected, channels, connectedSince } = bot.summary();
      return { connected, channels: channels.slice(0, 100), connectedSince };
    },

    // From the chat log over every channel; it keeps CHAT_RETENTION_DAYS, so a
    // sinceHours beyond that counts only what is still kept.
    async analyticsSummary(
      req: QueryRequest<AnalyticsSummary>,
    ): Promise<QueryResponse<AnalyticsSummary>> {
      const since = new Date(now().getTime() - (req.sinceHours ?? DEFAULT_SINCE_HOURS) * 3_600_000);
      const activity = await chat.chatSince(null, since);
      return {
        since: since.toISOString(),
        messages: activity.messages,
        uniqueChatters: activity.uniqueChatters,
        factsPosted: await facts.countSince(since),
        topChatters: activity.topChatters.map((c) => ({ username: c.login, messages: c.messages })),
      };
    },
  };
}
