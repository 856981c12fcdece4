// The dashboard's copies of the other services' data (domain/read-model.ts),
// each filled by the owner's query and kept fresh by the owner's events, which
// arrive here through onEvent from the dashboard's stream subscriptions.
import { events, isEvent, type SubscribedEvent } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { NatsConnection } from 'nats';
import { createLatestFact, type FactSnapshot } from '../domain/latest-fact.ts';
import {
  addModerationAction,
  applyGuildEvent,
  applyTicketEvent,
  type GuildEvent,
  type GuildList,
  type ModerationAction,
  type ModerationLog,
  type OpenTickets,
  type TicketEvent,
} from '../domain/read-model-discord.ts';
import {
  addFact,
  changeBotStatus,
  chatActivity,
  type AnalyticsSummary,
  type BotStatus,
  type BotStatusChange,
  type FactList,
} from '../domain/read-model-streambot.ts';
import { createReadModel } from '../domain/read-model.ts';
import { fetchGuilds, fetchModeration, fetchOpenTickets } from './discord-queries.ts';
import { fetchLatestFact } from './fact-query.ts';
import { fetchAnalytics, fetchBotStatus, fetchFacts } from './streambot-queries.ts';

export interface ReadModelsOptions {
  nc: NatsConnection;
  /** How long to wait for an owner's answer. */
  timeoutMs: number;
  logger: Logger;
}

// No event carries the analytics summary: chat activity asks stream-bot again,
// but no more often than this.
const ANALYTICS_RETRY_MS = 5_000;
const ANALYTICS_MAX_AGE_MS = 60_000;

export function createReadModels({ nc, timeoutMs, logger }: ReadModelsOptions) {
  const failing = new Set<string>();
  /** Logs when an owner stops answering and when it answers again, not every retry. */
  function watched<T>(name: string, fetch: () => Promise<T>) {
    return async (): Promise<T> => {
      try {
        const answer = await fetch();
        if (failing.delete(name)) logger.info({ readModel: name }, 'owner answers again');
        return answer;
      } catch (err) {
        if (!failing.has(name)) {
          failing.add(name);
          logger.warn({ readModel: name, err }, 'owner did not answer; serving the copy as stale');
        }
        throw err;
      }
    };
  }

  const models = {
    latestFact: createLatestFact({
      fetchLatest: watched('latest fact', fetchLatestFact(nc, timeoutMs)),
    }),
    facts: createReadModel<FactList, FactSnapshot>({
      owner: 'stream-bot',
      what: 'facts',
      fetch: watched('facts', fetchFacts(nc, timeoutMs)),
      apply: addFact,
      empty: { facts: [] },
    }),
    botStatus: createReadModel<BotStatus, BotStatusChange>({
      owner: 'stream-bot',
      what: 'bot status',
      fetch: watched('bot status', fetchBotStatus(nc, timeoutMs)),
      apply: changeBotStatus,
    }),
    analytics: createReadModel<AnalyticsSummary, null>({
      owner: 'stream-bot',
      what: 'chat analytics',
      fetch: watched('chat analytics', fetchAnalytics(nc, timeoutMs)),
      apply: chatActivity,
      minRetryMs: ANALYTICS_RETRY_MS,
      maxAgeMs: ANALYTICS_MAX_AGE_MS,
    }),
    tickets: createReadModel<OpenTickets, TicketEvent>({
      owner: 'discord-bot',
      what: 'open tickets',
      fetch: watched('open tickets', fetchOpenTickets(nc, timeoutMs)),
      apply: applyTicketEvent,
    }),
    guilds: createReadModel<GuildList, GuildEvent>({
      owner: 'discord-bot',
      what: 'guilds',
      fetch: watched('guilds', fetchGuilds(nc, timeoutMs)),
      apply: applyGuildEvent,
    }),
    moderation: createReadModel<ModerationLog, Omit<ModerationAction, 'createdAt'>>({
      owner: 'discord-bot',
      what: 'moderation actions',
      fetch: watched('moderation actions', fetchModeration(nc, timeoutMs)),
      apply: addModerationAction,
    }),
  };

  return {
    ...models,

    /** Asks every owner now (at start-up); never rejects, failures show as stale or 503. */
    async refreshAll(): Promise<void> {
      const { latestFact, ...rest } = models;
      await Promise.all([latestFact.refresh(), ...Object.values(rest).map((m) => m.refresh())]);
    },

    /** Every event the dashboard sees, in each stream's order. */
    onEvent(e: SubscribedEvent): void {
      const at = e.envelope.occurredAt;
      if (isEvent(e, events.factCreated)) {
        const { factId, text, source, model } = e.envelope.data;
        const fact = { factId, text, source, model: model ?? null, createdAt: at };
        models.latestFact.onFactCreated(fact, at);
        models.facts.onEvent(fact, at);
        models.analytics.onEvent(null, at);
      } else if (isEvent(e, events.commandRun)) {
        models.analytics.onEvent(null, at);
      } else if (isEvent(e, events.botStatusChanged)) {
        models.botStatus.onEvent(e.envelope.data, at);
      } else if (isEvent(e, events.ticketOpened)) {
        models.tickets.onEvent({ type: 'opened', ...e.envelope.data }, at);
      } else if (isEvent(e, events.ticketClaimed)) {
        models.tickets.onEvent({ type: 'claimed', ...e.envelope.data }, at);
      } else if (isEvent(e, events.ticketClosed)) {
        models.tickets.onEvent({ type: 'closed', ...e.envelope.data }, at);
      } else if (isEvent(e, events.ticketReopened)) {
        models.tickets.onEvent({ type: 'reopened', ...e.envelope.data }, at);
      } else if (isEvent(e, events.guildJoined)) {
        models.guilds.onEvent({ type: 'joined', ...e.envelope.data }, at);
      } else if (isEvent(e, events.guildLeft)) {
        models.guilds.onEvent({ type: 'left', ...e.envelope.data }, at);
      } else if (isEvent(e, events.moderationActionTaken)) {
        models.moderation.onEvent(e.envelope.data, at);
      }
    },
  };
}

export type ReadModels = ReturnType<typeof createReadModels>;
