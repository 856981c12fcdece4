// Counts what a request left in the database, to prove a refused request
// wrote nothing: neither a fact nor an event in the outbox.
import pg from 'pg';
import type { TestService } from './harness.ts';

export async function rowCounts(svc: TestService): Promise<{ facts: number; outbox: number }> {
  if (!svc.database) throw new Error('rowCounts needs a service on Postgres');
  const client = new pg.Client({ connectionString: svc.database.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ facts: number; outbox: number }>(
      'SELECT (SELECT count(*)::int FROM facts) AS facts, (SELECT count(*)::int FROM outbox_events) AS outbox',
    );
    return rows[0]!;
  } finally {
    await client.end();
  }
}

export interface FactJson {
  id: string;
  text: string;
  source: string;
  model: string | null;
  createdAt: string;
}

export interface CreatedBody {
  fact: FactJson;
  ai: boolean;
  notice: string | null;
}

export interface PageBody {
  facts: FactJson[];
  nextCursor: string | null;
}
