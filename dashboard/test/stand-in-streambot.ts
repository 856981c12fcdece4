// A tiny stream-bot for the dashboard's tests, built only from @homelab/nats
// and connected as the streambot NATS user: it answers facts.latest with
// whatever the test sets and publishes real fact.created events. The real
// stream-bot is never imported (services may not import each other).
import {
  closeBus,
  ensureStreams,
  events,
  makeEnvelope,
  queries,
  startQueryService,
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

export async function standInStreambot(connect: () => Promise<NatsConnection>) {
  const nc = await connect();
  await ensureStreams(nc, 'streambot');
  let facts: StandInFact[] = [];
  let responder: QueryService | undefined;

  return {
    setFacts(list: StandInFact[]) {
      facts = list;
    },
    /** Starts answering streambot.query.facts.latest.v1 (and shows up on $SRV.PING). */
    async answer() {
      responder ??= await startQueryService(nc, {
        service: 'streambot',
        version: '0.0.0-test',
        handlers: {
          [queries.factsLatest.subject]: async (req) => ({
            facts: facts.slice(0, req.limit ?? 10),
          }),
        },
      });
    },
    async silence() {
      await responder?.stop();
      responder = undefined;
    },
    /** Publishes a fact.created event to STREAMBOT_EVENTS; resolves with its stream sequence. */
    async publishFact(fact: StandInFact): Promise<number> {
      const envelope = makeEnvelope(
        events.factCreated,
        {
          factId: fact.factId,
          text: fact.text,
          source: fact.source,
          ...(fact.model ? { model: fact.model } : {}),
        },
        { occurredAt: fact.createdAt },
      );
      const ack = await nc
        .jetstream()
        .publish(events.factCreated.subject, JSON.stringify(envelope), {
          msgID: envelope.id,
        });
      return ack.seq;
    },
    async close() {
      await responder?.stop();
      await closeBus(nc);
    },
  };
}
