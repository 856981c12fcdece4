// Facts in stream-bot's database. Adding a fact writes the fact and its
// fact-created event in one transaction, so the event exists exactly when
// the fact does; the outbox relay publishes it afterwards.
import { enqueueEvent, events } from '@homelab/nats';
import type { SqlDatabase } from '@homelab/nats';
import { toFactSource, type Fact, type FactStore, type NewFact } from '../domain/facts.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

interface FactRow {
  id: string;
  text: string;
  source: string;
  model: string | null;
  created_at: Date | string;
}

const INSERT = `INSERT INTO facts (text, source, model) VALUES ($1, $2, $3)
RETURNING id, text, source, model, created_at`;

function fromRow(row: FactRow): Fact {
  return {
    id: row.id,
    text: row.text,
    source: toFactSource(row.source),
    model: row.model,
    createdAt: new Date(row.created_at),
  };
}

export function createFactStore(db: { prisma: PrismaClient; sql: SqlDatabase }): FactStore {
  return {
    add: (fact: NewFact) =>
      db.sql.transaction(async (tx) => {
        const [row] = await tx.query<FactRow>(INSERT, [fact.text, fact.source, fact.model]);
        if (!row) throw new Error('INSERT … RETURNING gave no row');
        const stored = fromRow(row);
        await enqueueEvent(
          tx,
          events.factCreated,
          {
            factId: stored.id,
            text: stored.text,
            source: stored.source,
            ...(stored.model ? { model: stored.model } : {}),
          },
          { aggregateId: stored.id, occurredAt: stored.createdAt },
        );
        return stored;
      }),

    recent: async (limit) => {
      const rows = await db.prisma.fact.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
      });
      return rows.map((row) => fromRow({ ...row, created_at: row.createdAt }));
    },

    countSince: (since) => db.prisma.fact.count({ where: { createdAt: { gte: since } } }),
  };
}
