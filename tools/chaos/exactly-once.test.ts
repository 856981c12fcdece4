// The chaos tests' verdict must be able to fail: each kind of fault it exists to catch,
// made up here on a small history, is reported; the clean history is not.
import { describe, expect, it } from 'vitest';
import { exactlyOnceProblems, type Truth } from './exactly-once.ts';
import type { FeedEvent } from './feed-client.ts';
import type { Tally } from './workload.ts';

const FACT = '00000000-0000-4000-8000-00000000000';
const TICKET = '10000000-0000-4000-8000-00000000000';

function event(
  service: string,
  seq: number,
  type: string,
  data: Record<string, unknown>,
): FeedEvent {
  return {
    id: `${service}:${seq}`,
    service,
    stream: `${service.toUpperCase()}_EVENTS`,
    seq,
    subject: `${service}.evt.${type}.v1`,
    type,
    eventId: `e-${service}-${seq}`,
    occurredAt: new Date(1_700_000_000_000 + seq).toISOString(),
    data,
  };
}

function history() {
  const events = [
    event('streambot', 1, 'fact.created', { factId: `${FACT}1` }),
    event('discord', 1, 'ticket.opened', { ticketId: `${TICKET}1` }),
    event('streambot', 2, 'fact.created', { factId: `${FACT}2` }),
    event('discord', 2, 'ticket.closed', { ticketId: `${TICKET}1` }),
    event('dashboard', 1, 'health.changed', {}),
  ];
  const row = (e: FeedEvent) => ({ id: e.eventId, subject: e.subject, published: true });
  const truth: Truth = {
    facts: [`${FACT}1`, `${FACT}2`],
    tickets: [{ id: `${TICKET}1`, status: 'closed' }],
    outbox: {
      streambot: events.filter((e) => e.service === 'streambot').map(row),
      discord: events.filter((e) => e.service === 'discord').map(row),
      dashboard: events.filter((e) => e.service === 'dashboard').map(row),
    },
  };
  const tally: Tally = {
    ok: new Map([['fact', [{ id: `${FACT}1`, at: 0 }]]]),
    failed: new Map(),
  };
  return { events, truth, tally };
}

describe('the exactly-once verdict', () => {
  it('finds nothing wrong with a complete history', () => {
    const { events, truth, tally } = history();
    expect(exactlyOnceProblems(truth, events, tally)).toEqual([]);
  });

  it('reports an event delivered twice', () => {
    const { events, truth } = history();
    const again = { ...events[0]!, seq: 3, id: 'streambot:3' };
    const problems = exactlyOnceProblems(truth, [...events, again]).join('\n');
    expect(problems).toMatch(/more than once/);
    expect(problems).toMatch(/facts without exactly one fact\.created: 1 \(.*1×2\)/);
  });

  it('reports a committed record whose event never came', () => {
    const { events, truth } = history();
    const problems = exactlyOnceProblems(truth, events.slice(1)).join('\n');
    expect(problems).toMatch(/streambot: committed events not in the feed: 1/);
    expect(problems).toMatch(/streambot: event #1 of the feed has sequence 2/);
    expect(problems).toMatch(/facts without exactly one fact\.created: 1 \(.*1×0\)/);
  });

  it('reports an event for a record that was never committed', () => {
    const { events, truth } = history();
    truth.facts = [`${FACT}1`];
    expect(exactlyOnceProblems(truth, events).join('\n')).toMatch(
      /fact\.created for facts never committed: 1/,
    );
  });

  it('reports events of a stream out of order', () => {
    const { events, truth } = history();
    const swapped = [events[2]!, events[1]!, events[0]!, ...events.slice(3)];
    expect(exactlyOnceProblems(truth, swapped).join('\n')).toMatch(
      /streambot: event #1 of the feed has sequence 2/,
    );
  });

  it('reports a write answered as done that the database does not hold', () => {
    const { events, truth, tally } = history();
    tally.ok.set('ticket.open', [{ id: `${TICKET}9`, at: 0 }]);
    expect(exactlyOnceProblems(truth, events, tally).join('\n')).toMatch(
      /ticket\.open: answered as written but not in the database: 1/,
    );
  });

  it('reports a ticket closed in the database with no ticket.closed event', () => {
    const { events, truth } = history();
    const withoutClose = events.filter((e) => e.type !== 'ticket.closed');
    truth.outbox.discord = truth.outbox.discord.slice(0, 1);
    expect(exactlyOnceProblems(truth, withoutClose).join('\n')).toMatch(
      /closed tickets without exactly one ticket\.closed: 1/,
    );
  });
});
