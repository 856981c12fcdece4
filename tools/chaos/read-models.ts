// The dashboard's read models held against the bots' own data: the latest fact and the
// newest facts (stream-bot's database), the open tickets (discord-bot's database) and the
// chat bot's status (stream-bot's answer to the dashboard's own query). Equal when the
// copies are complete and fresh, and none of them says it is stale.
import { closeBus, connectBus, queries, request } from '@homelab/nats';
import type { ChaosStack } from './stack.ts';

async function json<T>(res: Promise<Response>): Promise<T> {
  const r = await res;
  if (!r.ok) throw new Error(`HTTP ${r.status}: ${await r.text()}`);
  return (await r.json()) as T;
}

interface View<T> {
  data: T;
  stale: boolean;
  problem: string | null;
}

/** Differences between the dashboard's read models and the bots' own data (none: equal). */
export async function readModelDifferences(s: ChaosStack): Promise<string[]> {
  const out: string[] = [];
  const d = s.dashboard;
  const latest = await json<{ fact: { factId: string } | null; stale: boolean }>(
    d.request('/api/facts/latest'),
  );
  const own = await json<{ fact: { id: string } | null }>(s.streambot.request('/api/facts/latest'));
  if (latest.stale || latest.fact?.factId !== own.fact?.id)
    out.push(`latest fact: dashboard ${JSON.stringify(latest)} vs stream-bot ${own.fact?.id}`);

  const facts = await json<View<{ facts: { factId: string }[] }>>(d.request('/api/facts'));
  const newest = await s.streambot.db.query<{ id: string }>(
    `SELECT id FROM facts ORDER BY created_at DESC, id DESC LIMIT ${facts.data.facts.length || 50}`,
  );
  const shown = facts.data.facts.map((f) => f.factId).sort();
  const truth = newest.rows.map((r) => r.id).sort();
  if (facts.stale || JSON.stringify(shown) !== JSON.stringify(truth))
    out.push(
      `facts: dashboard shows ${shown.length} (stale ${facts.stale}), differs from the newest in the database`,
    );

  const tickets = await json<View<{ summary: { open: number }; tickets: { ticketId: string }[] }>>(
    d.request('/api/discord/tickets?limit=100'),
  );
  const open = await s.discordBot.db.query<{ id: string }>(
    `SELECT id FROM tickets WHERE status <> 'closed'`,
  );
  const openIds = open.rows.map((r) => r.id).sort();
  const shownTickets = tickets.data.tickets.map((t) => t.ticketId).sort();
  if (
    tickets.stale ||
    tickets.data.summary.open !== openIds.length ||
    (openIds.length <= 100 && JSON.stringify(shownTickets) !== JSON.stringify(openIds))
  ) {
    out.push(
      `open tickets: dashboard ${tickets.data.summary.open} (${shownTickets.length} listed, stale ${tickets.stale}) vs ${openIds.length} in the database`,
    );
  }

  const status = await json<View<unknown>>(d.request('/api/streambot/status'));
  const nc = await connectBus({
    service: 'dashboard',
    servers: s.nats.url,
    user: s.nats.credentials.dashboard.user,
    pass: s.nats.credentials.dashboard.pass,
  });
  try {
    const owner = await request(nc, queries.botStatus, {}, { timeoutMs: 5_000 });
    if (status.stale || JSON.stringify(status.data) !== JSON.stringify(owner))
      out.push(
        `bot status: dashboard ${JSON.stringify(status)} vs stream-bot ${JSON.stringify(owner)}`,
      );
  } finally {
    await closeBus(nc);
  }
  return out;
}

/** Waits up to timeoutMs for the read models to equal the bots; what still differs then. */
export async function settledDifferences(s: ChaosStack, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const diff = await readModelDifferences(s).catch((err: unknown) => [String(err)]);
    if (diff.length === 0 || Date.now() > deadline) return diff;
    await new Promise((r) => setTimeout(r, 500));
  }
}
