// Chaos: PostgreSQL stops for ten seconds (pg_ctl stop -m immediate, as in a
// crash) under a running discord-bot connected to the Discord stand-in. Its API
// and NATS queries answer 503 saying the database is unavailable (promptly, not
// 500, no hang) on every route that needs it — the bot's status, held in memory,
// still answers — /healthz stays up while /readyz is not ready, tickets opened
// across the stop are all-or-nothing (row, event and Discord channel together:
// a channel made for a ticket that could not be stored is removed), a member
// pressing "Open ticket" is told to try again, and once the server is back the
// same requests work again without a restart, and nothing committed is lost.
import { events, queries, type SubscribedEvent } from '@homelab/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../discord-bot/test/harness.ts';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInChannel,
  type StandInGuild,
  type StandInUser,
} from '../test-env/discord-stand-in.ts';
import { eventually, watchEvents, type EventWatch } from '../test-env/service-harness.ts';
import {
  ANSWER_WITHIN_MS,
  OUTAGE_MS,
  PUBLISH_WITHIN_MS,
  RECOVER_WITHIN_MS,
  ask,
  askAll,
  expectDatabaseUnavailable,
  noPrivateCluster,
  queryProbe,
  startOutageCluster,
  untilAllSucceed,
  untilElapsed,
  watchProcessFailures,
  withServiceSql,
  type OutageCluster,
  type Probe,
} from './postgres-outage.ts';

let cluster: OutageCluster;
let standIn: DiscordStandIn;
let svc: TestService;
let watch: EventWatch;
let guild: StandInGuild;
let category: StandInChannel;
let staffRole: string;
const members: StandInUser[] = [];
const seen: SubscribedEvent[] = [];
const process_ = watchProcessFailures();

beforeAll(async () => {
  if (noPrivateCluster) return;
  cluster = await startOutageCluster('discord_chaos', 'immediate');
  standIn = await startDiscordStandIn();
  guild = standIn.addGuild({ name: 'Chaos Guild' });
  category = standIn.addChannel(guild.id, { name: 'Tickets', type: 4 });
  staffRole = standIn.addRole(guild.id, { name: 'Support', position: 2 }).id;
  for (let i = 0; i < 6; i++) {
    const user = standIn.user({ username: `member_${i}` });
    standIn.addMember(guild.id, user);
    members.push(user);
  }
  svc = await startTestService({
    DATABASE_URL: cluster.database.url,
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_URL: standIn.apiUrl,
  });
  watch = await watchEvents('DISCORD_EVENTS', seen);
  await withServiceSql(cluster.database, (c) =>
    c.query(
      `INSERT INTO guild_settings (guild_id, ticket_category_id, staff_role_ids,
       max_open_tickets_per_member) VALUES ($1, $2, $3, 1000)`,
      [guild.id, category.id, [staffRole]],
    ),
  );
  await svc.service.bot.ready();
  return async () => {
    await watch.stop();
    await svc.stop();
    await standIn.close();
    await cluster.stop();
  };
});
afterAll(() => process_.dispose());

let n = 0;
let ticketId = '';
const member = () => members[++n % members.length]!;
const open = () => {
  const m = member();
  return svc.post('/api/tickets', { guildId: guild.id, memberId: m.id, memberTag: m.username });
};
const probes = (): Probe[] => [
  { name: 'GET /api/guilds', send: () => svc.get('/api/guilds') },
  { name: 'GET settings', send: () => svc.get(`/api/guilds/${guild.id}/settings`) },
  {
    name: 'PUT settings',
    send: () => svc.put(`/api/guilds/${guild.id}/settings`, { autoCloseHours: 24 + (++n % 5) }),
  },
  { name: 'GET /api/tickets', send: () => svc.get('/api/tickets') },
  { name: 'GET /api/tickets/:id', send: () => svc.get(`/api/tickets/${ticketId}`) },
  { name: 'POST /api/tickets', send: open },
  { name: 'GET /api/moderation', send: () => svc.get('/api/moderation') },
  { name: 'GET role panels', send: () => svc.get(`/api/guilds/${guild.id}/role-panels`) },
  {
    name: 'POST role panel',
    send: () =>
      svc.post(`/api/guilds/${guild.id}/role-panels`, {
        title: `Panel ${++n}`,
        channelId: standIn.generalChannel(guild.id).id,
        roles: [{ roleId: staffRole, label: 'Support' }],
      }),
  },
  // What the dashboard's read models ask over NATS.
  queryProbe(watch.nc, queries.ticketsList, {}),
  queryProbe(watch.nc, queries.guildsList, {}),
];

/** Tickets without their ticket.opened event or Discord channel, and the reverse. */
async function halfWritten() {
  const tickets = await withServiceSql(cluster.database, async (c) => {
    const orphans = await c.query<{ kind: string; n: string }>(
      `SELECT 'ticket without event' AS kind, count(*) AS n FROM tickets t
         WHERE NOT EXISTS (SELECT 1 FROM outbox_events o
                           WHERE o.subject = $1 AND o.aggregate_id = t.id::text)
       UNION ALL
       SELECT 'event without ticket', count(*) FROM outbox_events o
         WHERE o.subject = $1 AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id::text = o.aggregate_id)`,
      [events.ticketOpened.subject],
    );
    const unpublished = await c.query<{ n: string }>(
      'SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL',
    );
    const rows = await c.query<{ id: string; channel_id: string }>(
      'SELECT id::text AS id, channel_id FROM tickets',
    );
    return {
      orphans: Object.fromEntries(orphans.rows.map((r) => [r.kind, Number(r.n)])),
      unpublished: Number(unpublished.rows[0]!.n),
      ids: rows.rows.map((r) => r.id),
      channels: rows.rows.map((r) => r.channel_id).sort(),
    };
  });
  const channels = [...standIn.channels.values()]
    .filter((ch) => ch.parent_id === category.id && !ch.deleted)
    .map((ch) => ch.id)
    .sort();
  return { ...tickets, discordChannels: channels };
}

describe.skipIf(noPrivateCluster)('discord-bot while PostgreSQL is stopped for 10 s', () => {
  it('answers 503 promptly, writes nothing half, and recovers by itself', async () => {
    const first = await open();
    expect(first.status).toBe(201);
    const ticket = ((await first.json()) as { ticket: { id: string; channelId: string } }).ticket;
    ticketId = ticket.id;
    const all = probes();
    const before = await untilAllSucceed(all);
    expect(before.answers.map((a) => a.status)).not.toContain(500);

    // Tickets opened by three writers across the moment the server stops.
    const opened: string[] = [];
    const statuses: number[] = [];
    let writing = true;
    const writer = async () => {
      while (writing) {
        const a = await ask({ name: 'burst', send: open });
        statuses.push(a.status);
        const id = (a.body as { ticket?: { id: string } } | undefined)?.ticket?.id;
        if (a.status === 201 && id) opened.push(id);
      }
    };
    const burst = Promise.all([writer(), writer(), writer()]);
    await eventually(async () => {
      if (opened.length < 3) throw new Error('burst not under way yet');
    });

    const downAt = Date.now();
    await cluster.halt();
    await new Promise((r) => setTimeout(r, 1_000));
    writing = false;
    await burst;

    expect((await svc.get('/healthz')).status).toBe(200);
    const ready = await ask({ name: 'readyz', send: () => svc.get('/readyz') });
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not ready', down: ['database'] });
    const during = await askAll(all);
    expectDatabaseUnavailable(during);
    // The bot's status is in memory: the session the database confirmed before still opens it.
    const status = await ask({
      name: 'GET /api/bot/status',
      send: () => svc.get('/api/bot/status'),
    });
    expect(status.status).toBe(200);
    // Chat in the ticket channel and a member pressing "Open ticket" reach the bot meanwhile.
    standIn.memberSays({ channelId: ticket.channelId, userId: members[0]!.id, content: 'hello?' });
    const pressed = standIn.memberPressesButton({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: members[1]!.id,
      customId: 'ticket:open',
    });
    // The member is told to try again (not left without an answer).
    const reply = await standIn.waitForResponse(pressed.id, (r) => r.content !== undefined);
    expect(reply).toMatchObject({ ephemeral: true, content: expect.stringMatching(/try again/) });
    await untilElapsed(downAt, OUTAGE_MS - ANSWER_WITHIN_MS);
    expectDatabaseUnavailable(await askAll(all));
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);

    await untilElapsed(downAt, OUTAGE_MS);
    await cluster.resume();
    const upAt = Date.now();
    const after = await untilAllSucceed(all, RECOVER_WITHIN_MS);
    const readyAgain = await untilAllSucceed(
      [{ name: 'readyz', send: () => svc.get('/readyz') }],
      RECOVER_WITHIN_MS,
    );
    const recoveredMs = Date.now() - upAt;
    console.info(
      `discord-bot: outage ${upAt - downAt} ms; during: ${during.map((a) => `${a.name} ${a.status} ${a.ms}ms`).join(', ')}; ` +
        `recovered in ${recoveredMs} ms (routes ${after.ms} ms, last ${after.slowest}; readyz +${readyAgain.ms} ms); burst ${opened.length} opened, ` +
        `${statuses.filter((s) => s === 503).length} refused`,
    );

    const res = await open();
    expect(res.status).toBe(201);
    const late = ((await res.json()) as { ticket: { id: string } }).ticket.id;
    const lateAt = Date.now();
    const check = await eventually(async () => {
      const state = await halfWritten();
      if (state.unpublished > 0) throw new Error(`${state.unpublished} events unpublished`);
      return state;
    }, PUBLISH_WITHIN_MS);
    expect(check.orphans).toEqual({ 'ticket without event': 0, 'event without ticket': 0 });
    expect(check.ids).toEqual(expect.arrayContaining([...opened, late]));
    expect(check.discordChannels).toEqual(check.channels);
    const openedEvents = () =>
      seen
        .filter((e) => e.subject === events.ticketOpened.subject)
        .map((e) => (e.envelope.data as { ticketId: string }).ticketId);
    await eventually(async () => {
      if (!openedEvents().includes(late)) throw new Error('the late ticket was not published');
    }, PUBLISH_WITHIN_MS);
    console.info(
      `discord-bot: a ticket opened after the outage was published in ${Date.now() - lateAt} ms`,
    );
    expect(openedEvents().sort()).toEqual([...check.ids].sort());
    expect(svc.service.bot.status().state).toBe('ready');
    expect(process_.failures).toEqual([]);
  }, 90_000);
});
