// Tickets without Discord: the API's filters, paging and refusals against the
// real service (Postgres + nats-server), and the ticket rules and events driven
// through the same ticket service the bot uses, on the service's database, with
// a recording stand-in for the Discord channel calls. The relay of the running
// service publishes the events those writes leave in the outbox.
import { events, queries, request, type SubscribedEvent } from '@homelab/nats';
import { createLogger } from '@homelab/nats/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlOverPool } from '../../tools/test-env/pg-sql.ts';
import { watchEvents, type EventWatch } from '../../tools/test-env/service-harness.ts';
import { createTicketStore } from '../src/db/ticket-store.ts';
import {
  createTicketService,
  type TicketDiscord,
  type TicketService,
} from '../src/tickets/ticket-service.ts';
import { startTestService, type TestService } from './harness.ts';

const GUILD = '1098765432109876543';
const OTHER_GUILD = '1098765432109876599';
const STAFF_ROLE = '1200000000000000001';
const BOT = { userId: '1300000000000000001', username: 'helper_bot' };
const MOD = { userId: '298765432109876543', username: 'mod_maria' };
const member = (n: number) => ({
  userId: `31245678901234${String(n).padStart(4, '0')}`,
  username: `member_${n}`,
});

let svc: TestService;
let watch: EventWatch;
let pool: pg.Pool;
let tickets: TicketService;
const seen: SubscribedEvent[] = [];
const discordCalls: string[] = [];
let channelSeq = 0;

/** Records what the service asks of Discord; channel ids count up. */
const fakeDiscord: TicketDiscord = {
  botUser: () => BOT,
  createChannel: async (spec) => {
    discordCalls.push(`create ${spec.guildId} ${spec.name} ${spec.memberIds.join(',')}`);
    await new Promise((r) => setTimeout(r, 5));
    channelSeq += 1;
    return `14000000000000${String(channelSeq).padStart(5, '0')}`;
  },
  deleteChannel: async (id) => void discordCalls.push(`delete ${id}`),
  welcome: async (t) => void discordCalls.push(`welcome ${t.number}`),
  setMemberAccess: async (c, u, allow) => void discordCalls.push(`access ${c} ${u} ${allow}`),
  say: async () => undefined,
  postPanel: async () => '1600000000000000001',
};

async function rows(sql: string, params: unknown[] = []) {
  return (await pool.query(sql, params)).rows as Record<string, unknown>[];
}
const ticketCount = async () => Number((await rows('SELECT count(*) AS n FROM tickets'))[0]?.n);
const ticketEventCount = async () =>
  Number(
    (await rows(`SELECT count(*) AS n FROM outbox_events WHERE aggregate_type = 'ticket'`))[0]?.n,
  );

async function expectError(res: Response, status: number, code: string, message?: RegExp) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  if (message) expect(body.error.message).toMatch(message);
}

beforeAll(async () => {
  svc = await startTestService();
  watch = await watchEvents('DISCORD_EVENTS', seen);
  pool = new pg.Pool({ connectionString: svc.database!.url, max: 12 });
  tickets = createTicketService({
    store: createTicketStore(sqlOverPool(pool)),
    discord: () => fakeDiscord,
    logger: createLogger({ level: 'silent', service: 'test', version: '0' }),
  });
  await pool.query(
    `INSERT INTO guild_settings (guild_id, staff_role_ids, max_open_tickets_per_member,
     ticket_questions, auto_close_hours) VALUES ($1, $2, 2, $3::jsonb, NULL)`,
    [
      GUILD,
      [STAFF_ROLE],
      JSON.stringify([
        { label: 'What is wrong?', style: 'short', required: true },
        { label: 'Anything else?', style: 'paragraph', required: false },
      ]),
    ],
  );
  return async () => {
    await pool.end();
    await watch.stop();
    await svc.stop();
  };
});

afterAll(() => undefined);

describe('tickets API without the bot', () => {
  it('lists no tickets at first', async () => {
    expect(await (await svc.get('/api/tickets')).json()).toEqual({ tickets: [], nextCursor: null });
  });

  it('refuses to open a ticket while the bot is off: 503 naming DISCORD_TOKEN, nothing written', async () => {
    const res = await svc.post('/api/tickets', {
      guildId: GUILD,
      memberId: member(1).userId,
      memberTag: 'member_1',
      answers: ['Plex is buffering'],
    });
    await expectError(res, 503, 'unavailable', /DISCORD_TOKEN/);
    expect(await ticketCount()).toBe(0);
    expect(await ticketEventCount()).toBe(0);
  });

  it('answers bad open requests with 400 and writes nothing', async () => {
    const bad: unknown[] = [
      { guildId: 'nope', memberId: member(1).userId, memberTag: 'm' },
      { guildId: GUILD, memberId: '12', memberTag: 'm' },
      { guildId: GUILD, memberId: member(1).userId, memberTag: '' },
      { guildId: GUILD, memberId: member(1).userId, memberTag: 'm', extra: 1 },
      {
        guildId: GUILD,
        memberId: member(1).userId,
        memberTag: 'm',
        answers: ['a', 'b', 'c', 'd', 'e', 'f'],
      },
    ];
    for (const body of bad)
      await expectError(await svc.post('/api/tickets', body), 400, 'invalid_input');
    const raw = await svc.request('/api/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    await expectError(raw, 400, 'invalid_input', /not valid JSON/);
    expect(await ticketCount()).toBe(0);
  });

  it('answers bad list requests with 400', async () => {
    for (const q of [
      'status=pending',
      'guild=abc',
      'member=1',
      'limit=0',
      'limit=101',
      'limit=ten',
      'cursor=bm9wZQ',
      'sort=asc',
    ]) {
      await expectError(await svc.get(`/api/tickets?${q}`), 400, 'invalid_input');
    }
  });

  it('answers 404 for a ticket that does not exist', async () => {
    await expectError(await svc.get('/api/tickets/not-a-uuid'), 404, 'not_found');
    await expectError(
      await svc.get('/api/tickets/7c1e2d4f-3b5a-4c6d-8e9f-0a1b2c3d4e5f'),
      404,
      'not_found',
    );
    await expectError(
      await svc.post('/api/tickets/7c1e2d4f-3b5a-4c6d-8e9f-0a1b2c3d4e5f/close', {}),
      404,
      'not_found',
    );
  });
});

describe('ticket rules and events', () => {
  it('gives concurrent opens in one guild distinct numbers without gaps', async () => {
    const opened = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        tickets.open({
          guildId: GUILD,
          opener: member(i + 1),
          answers: [`problem ${i + 1}`],
          via: 'discord',
        }),
      ),
    );
    expect(opened.map((t) => t.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(opened.map((t) => t.channelId)).size).toBe(8);
    // Another guild counts from 1.
    const other = await tickets.open({
      guildId: OTHER_GUILD,
      opener: member(1),
      answers: [],
      via: 'web',
    });
    expect(other.number).toBe(1);
    expect(discordCalls.filter((c) => c.startsWith('welcome')).length).toBe(9);
  });

  it('refuses a member past the guild limit and a missing required answer, writing nothing', async () => {
    await tickets.open({
      guildId: GUILD,
      opener: member(1),
      answers: ['second one'],
      via: 'discord',
    });
    const before = await ticketCount();
    const events = await ticketEventCount();
    const calls = discordCalls.length;
    await expect(
      tickets.open({ guildId: GUILD, opener: member(1), answers: ['third'], via: 'discord' }),
    ).rejects.toMatchObject({ code: 'conflict', message: /limit here is 2/ });
    await expect(
      tickets.open({ guildId: GUILD, opener: member(9), answers: [''], via: 'discord' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: /What is wrong\?/ });
    expect(await ticketCount()).toBe(before);
    expect(await ticketEventCount()).toBe(events);
    expect(discordCalls.length).toBe(calls);
    // The next open takes the next number: the refusals left no gap.
    const next = await tickets.open({
      guildId: GUILD,
      opener: member(9),
      answers: ['x'],
      via: 'discord',
    });
    expect(next.number).toBe(10);
  });

  it('removes the channel again when the ticket cannot be stored', async () => {
    const failing: TicketDiscord = {
      ...fakeDiscord,
      createChannel: async () => '1499999999999999999',
    };
    const svcB = createTicketService({
      store: createTicketStore(sqlOverPool(pool)),
      discord: () => failing,
      logger: createLogger({ level: 'silent', service: 'test', version: '0' }),
    });
    await svcB.open({ guildId: OTHER_GUILD, opener: member(20), answers: [], via: 'web' });
    const before = await ticketCount();
    // The same channel id again breaks the unique channel_id: rolled back, channel deleted.
    await expect(
      svcB.open({ guildId: OTHER_GUILD, opener: member(21), answers: [], via: 'web' }),
    ).rejects.toThrow();
    expect(await ticketCount()).toBe(before);
    expect(discordCalls.at(-1)).toBe('delete 1499999999999999999');
  });

  it('claims once, closes with a reason, reopens, and publishes every event', async () => {
    const [first] = (
      await tickets.store.page({
        guildIds: [GUILD],
        status: undefined,
        memberId: member(2).userId,
        limit: 1,
        after: undefined,
      })
    ).tickets;
    const t = first!;
    const claimed = await tickets.claim(t.id, MOD);
    expect(claimed.claimedBy).toEqual(MOD);
    expect((await tickets.claim(t.id, MOD)).claimedBy).toEqual(MOD);
    await expect(tickets.claim(t.id, member(5))).rejects.toMatchObject({ code: 'conflict' });
    await expect(tickets.close(t.id, MOD, 'x'.repeat(501))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const closed = await tickets.close(t.id, MOD, '  Transcoding fixed  ');
    expect(closed).toMatchObject({
      status: 'closed',
      closeReason: 'Transcoding fixed',
      closedBy: MOD,
    });
    expect(discordCalls).toContain(`delete ${t.channelId}`);
    await expect(tickets.close(t.id, MOD, null)).rejects.toMatchObject({ code: 'conflict' });
    await expect(tickets.claim(t.id, MOD)).rejects.toMatchObject({ code: 'conflict' });
    const reopened = await tickets.reopen(t.id, MOD);
    expect(reopened.status).toBe('open');
    expect(reopened.channelId).not.toBe(t.channelId);
    expect(reopened.closedAt).toBeNull();
    await tickets.close(t.id, null, null);

    await expect
      .poll(
        () =>
          seen
            .filter(
              (e) =>
                e.envelope.data && (e.envelope.data as { ticketId?: string }).ticketId === t.id,
            )
            .map((e) => e.subject),
        { timeout: 5000 },
      )
      .toEqual([
        events.ticketOpened.subject,
        events.ticketClaimed.subject,
        events.ticketClosed.subject,
        events.ticketReopened.subject,
        events.ticketClosed.subject,
      ]);
    const mine = seen.filter((e) => (e.envelope.data as { ticketId?: string }).ticketId === t.id);
    expect(mine[0]!.envelope.data).toEqual({
      ticketId: t.id,
      guildId: GUILD,
      channelId: t.channelId,
      openedBy: member(2),
      subject: 'problem 2',
    });
    expect(mine[1]!.envelope.data).toEqual({ ticketId: t.id, guildId: GUILD, claimedBy: MOD });
    expect(mine[2]!.envelope.data).toEqual({
      ticketId: t.id,
      guildId: GUILD,
      closedBy: MOD,
      reason: 'Transcoding fixed',
    });
    expect(mine[3]!.envelope.data).toEqual({
      ticketId: t.id,
      guildId: GUILD,
      channelId: reopened.channelId,
      reopenedBy: MOD,
    });
    // No reason and no person: the bot is named as the closer.
    expect(mine[4]!.envelope.data).toEqual({
      ticketId: t.id,
      guildId: GUILD,
      closedBy: BOT,
      reason: null,
    });
    await expect
      .poll(() => seen.filter((e) => e.subject === events.ticketOpened.subject).length, {
        timeout: 5000,
      })
      .toBe(12);
  });

  it('adds and removes members; the opener stays', async () => {
    const {
      tickets: [t],
    } = await tickets.store.page({
      guildIds: [GUILD],
      status: 'open',
      memberId: member(3).userId,
      limit: 1,
      after: undefined,
    });
    const added = await tickets.addMember(t!.id, member(30).userId);
    expect(added.memberIds).toEqual([member(30).userId]);
    expect(discordCalls).toContain(`access ${t!.channelId} ${member(30).userId} true`);
    // Added members find it by member filter too.
    const res = await svc.get(`/api/tickets?member=${member(30).userId}`);
    expect(((await res.json()) as { tickets: { id: string }[] }).tickets.map((x) => x.id)).toEqual([
      t!.id,
    ]);
    await expect(tickets.removeMember(t!.id, member(3).userId)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const removed = await tickets.removeMember(t!.id, member(30).userId);
    expect(removed.memberIds).toEqual([]);
    await expect(tickets.removeMember(t!.id, member(30).userId)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('keeps the transcript: each message once, edits and deletes marked', async () => {
    const {
      tickets: [t],
    } = await tickets.store.page({
      guildIds: [GUILD],
      status: 'open',
      memberId: member(4).userId,
      limit: 1,
      after: undefined,
    });
    const msg = (id: string, content: string, at: string) => ({
      messageId: id,
      channelId: t!.channelId!,
      authorId: member(4).userId,
      authorTag: 'member_4',
      authorIsBot: false,
      content,
      attachments: [],
      createdAt: new Date(at),
    });
    expect(
      await tickets.store.recordMessage(
        msg('1500000000000000001', 'hello', '2026-11-28T09:00:00.000Z'),
      ),
    ).toBe(true);
    expect(
      await tickets.store.recordMessage(
        msg('1500000000000000001', 'hello', '2026-11-28T09:00:00.000Z'),
      ),
    ).toBe(true);
    await tickets.store.recordMessage(
      msg('1500000000000000002', 'typo', '2026-11-28T09:01:00.000Z'),
    );
    expect(
      await tickets.store.recordMessage({
        ...msg('1500000000000000003', 'elsewhere', '2026-11-28T09:01:00.000Z'),
        channelId: '1999999999999999999',
      }),
    ).toBe(false);
    expect(
      await tickets.store.markEdited(
        '1500000000000000002',
        'fixed',
        new Date('2026-11-28T09:02:00.000Z'),
      ),
    ).toBe(true);
    expect(
      await tickets.store.markDeleted('1500000000000000001', new Date('2026-11-28T09:03:00.000Z')),
    ).toBe(true);
    const body = (await (await svc.get(`/api/tickets/${t!.id}`)).json()) as {
      ticket: { id: string; status: string };
      transcript: {
        messageId: string;
        content: string;
        editedAt: string | null;
        deletedAt: string | null;
      }[];
    };
    expect(body.ticket.id).toBe(t!.id);
    expect(body.transcript.map((m) => [m.messageId, m.content, m.editedAt, m.deletedAt])).toEqual([
      ['1500000000000000001', 'hello', null, '2026-11-28T09:03:00.000Z'],
      ['1500000000000000002', 'fixed', '2026-11-28T09:02:00.000Z', null],
    ]);
  });

  it('auto-closes tickets idle past the guild setting, naming the bot', async () => {
    await pool.query(`UPDATE guild_settings SET auto_close_hours = 2 WHERE guild_id = $1`, [GUILD]);
    const {
      tickets: [t],
    } = await tickets.store.page({
      guildIds: [GUILD],
      status: 'open',
      memberId: member(6).userId,
      limit: 1,
      after: undefined,
    });
    await pool.query(
      `UPDATE tickets SET last_activity_at = now() - interval '3 hours' WHERE id = $1`,
      [t!.id],
    );
    expect(await tickets.sweep()).toBe(1);
    const after = await tickets.store.get(t!.id);
    expect(after).toMatchObject({ status: 'closed', closedBy: BOT });
    expect(await tickets.sweep()).toBe(0);
    await pool.query(`UPDATE guild_settings SET auto_close_hours = NULL WHERE guild_id = $1`, [
      GUILD,
    ]);
  });
});

describe('tickets API with tickets', () => {
  type Listed = {
    tickets: { id: string; number: number; status: string; guildId: string }[];
    nextCursor: string | null;
  };
  const list = async (q: string) => (await (await svc.get(`/api/tickets${q}`)).json()) as Listed;

  it('filters by status, guild and member', async () => {
    const all = await list('?limit=100');
    expect(all.tickets.length).toBe(12);
    const closed = await list('?status=closed');
    expect(closed.tickets.map((t) => t.status)).toEqual(['closed', 'closed']);
    expect((await list('?status=claimed')).tickets).toEqual([]);
    const open = await list('?status=open&limit=100');
    expect(open.tickets.length).toBe(10);
    expect((await list(`?guild=${OTHER_GUILD}`)).tickets.map((t) => t.guildId)).toEqual([
      OTHER_GUILD,
      OTHER_GUILD,
    ]);
    const mine = (await list(`?guild=${GUILD}&member=${member(1).userId}`)).tickets;
    expect(mine.map((t) => t.number)).toHaveLength(2);
    expect(mine[0]!.number).toBe(9);
  });

  it('pages newest first with a cursor, each ticket once', async () => {
    const ids: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: Listed = await list(`?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.tickets.map((t) => t.id));
      cursor = page.nextCursor;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(ids).toEqual((await list('?limit=100')).tickets.map((t) => t.id));
    expect(new Set(ids).size).toBe(12);
  });

  it('refuses a close with a reason too long, or without anyone to name while the bot is off', async () => {
    const {
      tickets: [t],
    } = await list('?status=open&limit=1');
    const events = await ticketEventCount();
    await expectError(
      await svc.post(`/api/tickets/${t!.id}/close`, { reason: 'x'.repeat(501) }),
      400,
      'invalid_input',
    );
    await expectError(
      await svc.post(`/api/tickets/${t!.id}/close`, { reason: 'done', extra: true }),
      400,
      'invalid_input',
    );
    await expectError(
      await svc.post(`/api/tickets/${t!.id}/close`, { reason: 'done' }),
      503,
      'unavailable',
      /DISCORD_TOKEN/,
    );
    expect((await list(`?status=open&limit=1`)).tickets[0]!.id).toBe(t!.id);
    expect(await ticketEventCount()).toBe(events);
  });

  it('answers the ticket queries on NATS from the tables', async () => {
    const claimable = (await list(`?status=open&guild=${GUILD}&limit=1`)).tickets[0]!;
    await tickets.claim(claimable.id, MOD);
    const summary = await request(watch.nc, queries.ticketsOpenSummary, {});
    expect(summary).toMatchObject({ open: 10, claimed: 1, unclaimed: 9 });
    expect(summary.oldestOpenedAt).toMatch(/^\d{4}-/);
    expect(
      await request(watch.nc, queries.ticketsOpenSummary, { guildId: OTHER_GUILD }),
    ).toMatchObject({ open: 2, claimed: 0 });
    const listed = await request(watch.nc, queries.ticketsList, { status: 'claimed' });
    expect(listed.tickets).toEqual([
      expect.objectContaining({ ticketId: claimable.id, status: 'claimed', claimedBy: MOD }),
    ]);
    expect((await request(watch.nc, queries.ticketsList, { limit: 3 })).tickets.length).toBe(3);
  });
});
