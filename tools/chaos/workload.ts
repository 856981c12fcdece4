// The writes the chaos tests make while they break things: a few concurrent clients each
// making one kind of write after another through a service's HTTP API, recording which
// succeeded (with the record's id) and why the others failed. A failed request may or may
// not have committed (the process died mid-way): the database is the truth for those.
import type { ChaosStack } from './stack.ts';

export interface Written {
  id: string;
  /** Date.now() when the answer arrived. */
  at: number;
}

export interface Tally {
  ok: Map<string, Written[]>;
  /** kind → reason → count */
  failed: Map<string, Map<string, number>>;
}

export function okCount(tally: Tally, kind?: string): number {
  let n = 0;
  for (const [k, list] of tally.ok) if (!kind || k === kind) n += list.length;
  return n;
}

export function failedCount(tally: Tally): number {
  let n = 0;
  for (const reasons of tally.failed.values()) for (const c of reasons.values()) n += c;
  return n;
}

export interface Writers {
  tally: Tally;
  /** Resolves at the next successful write (or after timeoutMs without one). */
  nextOk(timeoutMs?: number): Promise<void>;
  stop(): Promise<Tally>;
}

/** Runs `step` in `concurrency` loops, `gapMs` apart each, until stopped. */
export function startWriters(
  concurrency: number,
  gapMs: number,
  step: (
    record: (kind: string, write: () => Promise<string>) => Promise<string | undefined>,
  ) => Promise<void>,
): Writers {
  const tally: Tally = { ok: new Map(), failed: new Map() };
  let stopped = false;
  const waiting = new Set<() => void>();
  const record = async (kind: string, write: () => Promise<string>) => {
    try {
      const id = await write();
      const list = tally.ok.get(kind) ?? [];
      list.push({ id, at: Date.now() });
      tally.ok.set(kind, list);
      for (const w of [...waiting]) w();
      return id;
    } catch (err) {
      const reason = err instanceof Error ? err.message.slice(0, 80) : String(err);
      const reasons = tally.failed.get(kind) ?? new Map<string, number>();
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      tally.failed.set(kind, reasons);
      // A service that is down refuses at once: do not spin.
      await new Promise((r) => setTimeout(r, 100));
      return undefined;
    }
  };
  const loops = Array.from({ length: concurrency }, async () => {
    while (!stopped) {
      await step(record);
      await new Promise((r) => setTimeout(r, gapMs));
    }
  });
  return {
    tally,
    nextOk: (timeoutMs = 5_000) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        waiting.add(done);
      }),
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return tally;
    },
  };
}

async function idFrom(res: Response, key: 'fact' | 'ticket'): Promise<string> {
  const text = await res.text();
  if (res.status !== 201 && res.status !== 200) throw new Error(`HTTP ${res.status}`);
  const body = JSON.parse(text) as Record<string, { id: string } | undefined>;
  const id = body[key]?.id;
  if (!id) throw new Error(`no ${key} id in ${text.slice(0, 80)}`);
  return id;
}

/** stream-bot: POST /api/facts, one fact (and its fact.created) per success. */
export function factWriters(stack: ChaosStack, concurrency: number, gapMs: number): Writers {
  return startWriters(concurrency, gapMs, async (record) => {
    await record('fact', async () => idFrom(await stack.streambot.post('/api/facts', {}), 'fact'));
  });
}

let members = 0;
/** A new member id each time (17-20 digits), so the one-open-ticket limit never refuses. */
function nextMember() {
  members++;
  return {
    memberId: `3${String(Date.now() % 1e9).padStart(9, '0')}${String(members).padStart(8, '0')}`,
    memberTag: `chaos_${members}`,
  };
}

/**
 * discord-bot: POST /api/tickets opens a ticket on a new member's behalf (ticket.opened);
 * every third opened one is then closed with POST /api/tickets/:id/close (ticket.closed).
 */
export function ticketWriters(stack: ChaosStack, concurrency: number, gapMs: number): Writers {
  let opened = 0;
  return startWriters(concurrency, gapMs, async (record) => {
    const id = await record('ticket.open', async () =>
      idFrom(
        await stack.discordBot.post('/api/tickets', { guildId: stack.guild.id, ...nextMember() }),
        'ticket',
      ),
    );
    if (id && ++opened % 3 === 0) {
      await record('ticket.close', async () =>
        idFrom(
          await stack.discordBot.post(`/api/tickets/${id}/close`, { reason: 'chaos' }),
          'ticket',
        ),
      );
    }
  });
}
