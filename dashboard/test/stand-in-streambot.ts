// A tiny stream-bot for the dashboard's tests, built only from @homelab/nats
// and connected as the streambot NATS user: it answers facts.latest, bot.status
// and analytics.summary with whatever the test sets, and publishes real events
// into STREAMBOT_EVENTS through JetStream. The real stream-bot is never
// imported (services may not import each other).
import {
  closeBus,
  ensureStreams,
  events,
  makeEnvelope,
  queries,
  startQueryService,
  type EventContract,
  type EventData,
  type QueryResponse,
  type QueryService,
} from '@homelab/nats';
import type { NatsConnection } from 'nats';

export interface StandInFact {
  factId: string;
  text: string;
  source: 'ai' | 'builtin' | 'manual';
  model?: string;
  createdAt: string;
}

export type StandInStatus = QueryResponse<typeof queries.botStatus>;
export type StandInAnalytics = QueryResponse<typeof queries.analyticsSummary>;

export async function standInStreambot(connect: () => Promise<NatsConnection>) {
  const nc = await connect();
  await ensureStreams(nc, 'streambot');
  let facts: StandInFact[] = [];
  let status: StandInStatus = { connected: false, channels: [], connectedSince: null };
  let analytics: StandInAnalytics = {
    since: new Date(Date.now() - 24 * 3_600_000).toISOString(),
    messages: 0,
    uniqueChatters: 0,
    factsPosted: 0,
    topChatters: [],
  };
  let responder: QueryService | undefined;
  const asked = new Map<string, number>();
  const count = (subject: string) => asked.set(subject, (asked.get(subject) ?? 0) + 1);

  /** Publishes one event to STREAMBOT_EVENTS; resolves with its stream sequence. */
  async function publish<C extends EventContract>(
    contract: C,
    data: EventData<C>,
    occurredAt = new Date().toISOString(),
  ): Promise<number> {
    const envelope = makeEnvelope(contract, data, { occurredAt });
    const ack = await nc
      .jetstream()
      .publish(contract.subject, JSON.stringify(envelope), { msgID: envelope.id });
    return ack.seq;
  }

  return {
    setFacts(list: StandInFact[]) {
      facts = list;
    },
    setStatus(next: StandInStatus) {
      status = next;
    },
    setAnalytics(next: StandInAnalytics) {
      analytics = next;
    },
    /** How often each query subject was asked. */
    asked(subject: string): number {
      return asked.get(subject) ?? 0;
    },
    /** Starts answering its queries (and shows up on $SRV.PING). */
    async answer() {
      responder ??= await startQueryService(nc, {
        service: 'streambot',
        version: '0.0.0-test',
        handlers: {
          [queries.factsLatest.subject]: async (req) => {
            count(queries.factsLatest.subject);
            return { facts: facts.slice(0, req.limit ?? 10) };
          },
          [queries.botStatus.subject]: async () => {
            count(queries.botStatus.subject);
            return status;
          },
          [queries.analyticsSummary.subject]: async () => {
            count(queries.analyticsSummary.subject);
            return analytics;
          },
        },
      });
    },
    async silence() {
      await responder?.stop();
      responder = undefined;
    },
    publishFact(fact: StandInFact): Promise<number> {
      const { factId, text, source, model } = fact;
      const data = { factId, text, source, ...(model ? { model } : {}) };
      return publish(events.factCreated, data, fact.createdAt);
    },
    publishStatus(data: EventData<typeof events.botStatusChanged>, occurredAt?: string) {
      return publish(events.botStatusChanged, data, occurredAt);
    },
    publishCommand(chatter: string) {
      return publish(events.commandRun, {
        platform: 'twitch',
        channel: 'homelab_live',
        command: 'fact',
        chatter,
        via: 'chat',
      });
    },
    async close() {
      await responder?.stop();
      await closeBus(nc);
    },
  };
}
