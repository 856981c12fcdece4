// Shared by the command tests: counting rows to prove a refused request wrote
// nothing, and the answers' shapes.
import pg from 'pg';
import type { TestService } from './harness.ts';

export const TABLES = ['bot_config', 'bot_commands', 'bot_timers', 'outbox_events'] as const;
export type Counts = Record<(typeof TABLES)[number], number>;

export async function botRowCounts(svc: TestService): Promise<Counts> {
  if (!svc.database) throw new Error('botRowCounts needs a service on Postgres');
  const client = new pg.Client({ connectionString: svc.database.url });
  await client.connect();
  try {
    const sql = TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ');
    const { rows } = await client.query<Counts>(`SELECT ${sql}`);
    return rows[0]!;
  } finally {
    await client.end();
  }
}

export interface RunBody {
  command: string | null;
  reply: string | null;
  refused?: 'cooldown' | 'permission' | 'disabled' | 'unknown';
  channel: string;
  posted: boolean;
}

export interface ErrorBody {
  error: { code: string; message: string };
}
