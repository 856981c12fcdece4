// Facts in stream-bot's database. Adding a fact writes the fact and its
// fact-created event in one transaction, so the event exists exactly when
// the fact does; the outbox relay publishes it afterwards.
import { enqueueEvent, events } from '@homelab/nats';
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import { encodeCursor, type FactQuery } from '../domain/fact-page.ts';
import { normalizeFactText } from '../domain/fact-text.ts';
import { toFactSource, type Fact, type FactStore, type NewFact } from '../domain/facts.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

interface FactRow {
  id: string;
  text: string;
  source: string;
  model: string | null;
  created_at: Date | string;
}

const COLUMNS = 'id, text, source, model, created_at';
const INSERT = `INSERT INTO facts (text, source, model, normalized) VALUES ($1, $2, $3, $4)
RETURNING ${COLUMNS}`;
// A full scan with a sort is fine at the sizes a chat bot's facts reach.
// The first key of the advisory lock taken while adding a fact unless it exists.
const LOCK_CLASS = 7301;
const RANDOM = `SELECT ${COLUMNS} FROM facts ORDER BY random() LIMIT 1`;

function fromRow(row: FactRow): Fact {
  return {
    id: row.id,
    text: row.text,
    source: toFactSource(row.source),
    model: row.model,
    createdAt: new Date(row.created_at),
  };
}

function pageFilter(query: FactQuery): Prisma.FactWhereInput {
  const { q, source, after } = query;
  return {
    ...(q ? { text: { contains: q, mode: 'insensitive' } } : {}),
    ...(source ? { source } : {}),
    ...(after
      ? {
          OR: [
            { createdAt: { lt: after.createdAt } },
            { createdAt: after.createdAt, id: { lt: after.id } },
          ],
        }
      : {}),
  };
}

export function createFactStore(db: { prisma: PrismaClient; sql: SqlDatabase }): FactStore {
  const newestFirst = [{ createdAt: 'desc' }, { id: 'desc' }] as const;
  const toFact = (row: { createdAt: Date } & Omit<FactRow, 'created_at'>) =>
    fromRow({ ...row, created_at: row.createdAt });

  async function insert(tx: SqlClient, fact: NewFact): Promise<Fact> {
    const [row] = await tx.query<FactRow>(INSERT, [
      fact.text,
      fact.source,
      fact.model,
      normalizeFactText(fact.text),
    ]);
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
  }

  return {
    add: (fact: NewFact) => db.sql.transaction((tx) => insert(tx, fact)),

    addIfNew: (fact: NewFact) =>
      db.sql.transaction(async (tx) => {
        const normalized = normalizeFactText(fact.text);
        // Held until commit: a second writer of the same text waits here, then sees the row.
        await tx.query('SELECT 1 AS locked FROM pg_advisory_xact_lock($1, hashtext($2))', [
          LOCK_CLASS,
          normalized,
        ]);
        const [dup] = await tx.query('SELECT 1 FROM facts WHERE normalized = $1 LIMIT 1', [
          normalized,
        ]);
        return dup ? null : insert(tx, fact);
      }),

    recent: async (limit) => {
      const rows = await db.prisma.fact.findMany({ orderBy: [...newestFirst], take: limit });
      return rows.map(toFact);
    },

    random: async () => {
      const [row] = await db.sql.query<FactRow>(RANDOM);
      return row ? fromRow(row) : null;
    },

    page: async (query) => {
      const rows = await db.prisma.fact.findMany({
        where: pageFilter(query),
        orderBy: [...newestFirst],
        take: query.limit + 1,
      });
      const facts = rows.slice(0, query.limit).map(toFact);
      const last = facts.at(-1);
      return { facts, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
    },

    hasNormalized: async (normalized) =>
      (await db.prisma.fact.count({ where: { normalized } })) > 0,

    countSince: (since) => db.prisma.fact.count({ where: { createdAt: { gte: since } } }),
  };
}
