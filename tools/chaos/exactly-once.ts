// The bots' truth, read straight from their databases, held against what the dashboard's
// live feed delivered: every committed record has its event exactly once, no event names
// a record that was never committed, every outbox row reached the feed once, and each
// stream's events came in sequence order with no sequence missing or repeated.
import type { FeedEvent } from './feed-client.ts';
import type { ChaosStack } from './stack.ts';
import type { Tally } from './workload.ts';

export interface OutboxRow {
  id: string;
  subject: string;
  published: boolean;
}

export interface Truth {
  facts: string[];
  tickets: { id: string; status: string }[];
  /** Each service's committed events (the dashboard's own too: health.changed, …). */
  outbox: { streambot: OutboxRow[]; discord: OutboxRow[]; dashboard: OutboxRow[] };
}

async function outbox(db: ChaosStack['streambot']['db']): Promise<OutboxRow[]> {
  const { rows } = await db.query<{ id: string; subject: string; published: boolean }>(
    // Only events: the dashboard's outbox also carries its own work-queue messages.
    `SELECT id, subject, published_at IS NOT NULL AS published FROM outbox_events
     WHERE subject LIKE '%.evt.%' ORDER BY seq`,
  );
  return rows;
}

export async function readTruth(stack: ChaosStack): Promise<Truth> {
  const facts = await stack.streambot.db.query<{ id: string }>('SELECT id FROM facts');
  const tickets = await stack.discordBot.db.query<{ id: string; status: string }>(
    'SELECT id, status FROM tickets',
  );
  return {
    facts: facts.rows.map((r) => r.id),
    tickets: tickets.rows,
    outbox: {
      streambot: await outbox(stack.streambot.db),
      discord: await outbox(stack.discordBot.db),
      dashboard: await outbox(stack.dashboard.db),
    },
  };
}

/** Every committed outbox row is published and in the feed (what to wait for before checking). */
export function caughtUp(truth: Truth, events: FeedEvent[]): boolean {
  const seen = new Set(events.map((e) => e.eventId));
  return Object.values(truth.outbox)
    .flat()
    .every((r) => r.published && seen.has(r.id));
}

function countBy<T>(items: T[], key: (t: T) => string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) {
    const k = key(i);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

const sample = (list: string[]) =>
  `${list.length} (${list.slice(0, 5).join(', ')}${list.length > 5 ? ', …' : ''})`;

/** Problems found; an empty list means exactly once everywhere. */
export function exactlyOnceProblems(truth: Truth, events: FeedEvent[], tally?: Tally): string[] {
  const problems: string[] = [];

  // Each stream's events in sequence order, from 1, none twice, none skipped.
  for (const service of ['streambot', 'discord', 'dashboard']) {
    const seqs = events.filter((e) => e.service === service).map((e) => e.seq);
    const bad = seqs.findIndex((s, i) => s !== i + 1);
    if (bad >= 0) {
      problems.push(
        `${service}: event #${bad + 1} of the feed has sequence ${seqs[bad]} (expected ${bad + 1}; ` +
          `around it: ${seqs.slice(Math.max(0, bad - 3), bad + 4).join(',')})`,
      );
    }
  }

  const byEventId = countBy(events, (e) => e.eventId);
  const twice = [...byEventId].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length) problems.push(`event ids delivered more than once: ${sample(twice)}`);

  for (const service of ['streambot', 'discord', 'dashboard'] as const) {
    const rows = truth.outbox[service];
    const ids = new Set(rows.map((r) => r.id));
    const delivered = new Set(events.filter((e) => e.service === service).map((e) => e.eventId));
    const missing = rows.filter((r) => !delivered.has(r.id)).map((r) => `${r.subject} ${r.id}`);
    const foreign = [...delivered].filter((id) => !ids.has(id));
    if (missing.length)
      problems.push(`${service}: committed events not in the feed: ${sample(missing)}`);
    if (foreign.length)
      problems.push(`${service}: feed events with no outbox row: ${sample(foreign)}`);
  }

  const perRecord = (type: string, field: string, committed: string[], what: string) => {
    const counts = countBy(
      events.filter((e) => e.type === type),
      (e) => e.data[field] as string | undefined,
    );
    const known = new Set(committed);
    const wrong = committed
      .filter((id) => counts.get(id) !== 1)
      .map((id) => `${id}×${counts.get(id) ?? 0}`);
    const ghosts = [...counts.keys()].filter((id) => !known.has(id));
    if (wrong.length) problems.push(`${what} without exactly one ${type}: ${sample(wrong)}`);
    if (ghosts.length) problems.push(`${type} for ${what} never committed: ${sample(ghosts)}`);
  };
  perRecord('fact.created', 'factId', truth.facts, 'facts');
  perRecord(
    'ticket.opened',
    'ticketId',
    truth.tickets.map((t) => t.id),
    'tickets',
  );
  perRecord(
    'ticket.closed',
    'ticketId',
    truth.tickets.filter((t) => t.status === 'closed').map((t) => t.id),
    'closed tickets',
  );

  // What the API said was written must have been committed.
  if (tally) {
    const committed = {
      fact: new Set(truth.facts),
      'ticket.open': new Set(truth.tickets.map((t) => t.id)),
      'ticket.close': new Set(truth.tickets.filter((t) => t.status === 'closed').map((t) => t.id)),
    } as Record<string, Set<string>>;
    for (const [kind, list] of tally.ok) {
      const lost = list.filter((w) => !committed[kind]?.has(w.id)).map((w) => w.id);
      if (lost.length)
        problems.push(`${kind}: answered as written but not in the database: ${sample(lost)}`);
    }
  }
  return problems;
}
