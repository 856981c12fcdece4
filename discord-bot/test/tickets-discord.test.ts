// Tickets through Discord: the real service with its real discord.js client logged in to the
// Discord stand-in. A member presses the panel's button and gets a private channel (made over
// REST, stored as a ticket); their messages land in the transcript as they arrive; staff claim and
// close (the channel is deleted, ticketClosed published); a second ticket past the limit and a
// claim by a non-staff member are refused with an ephemeral reply.
import { events, type SubscribedEvent } from '@homelab/nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInChannel,
  type StandInGuild,
  type StandInUser,
} from '../../tools/test-env/discord-stand-in.ts';
import { watchEvents, type EventWatch } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';

let standIn: DiscordStandIn;
let svc: TestService;
let watch: EventWatch;
let pool: pg.Pool;
let guild: StandInGuild;
let category: StandInChannel;
let pete: StandInUser;
let sam: StandInUser;
let maria: StandInUser;
let staffRole: string;
const seen: SubscribedEvent[] = [];

interface ApiTicket {
  id: string;
  number: number;
  channelId: string | null;
  status: string;
  subject: string;
  claimedBy: { userId: string; username: string } | null;
  closedBy: { userId: string; username: string } | null;
  closeReason: string | null;
}
interface ApiMessage {
  messageId: string;
  authorId: string;
  authorIsBot: boolean;
  content: string;
  editedAt: string | null;
  deletedAt: string | null;
}

const VIEW_CHANNEL = 1n << 10n;

async function ticketsOf(userId: string): Promise<ApiTicket[]> {
  const res = await svc.get(`/api/tickets?member=${userId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { tickets: ApiTicket[] }).tickets;
}

async function ticketWithTranscript(id: string) {
  return (await (await svc.get(`/api/tickets/${id}`)).json()) as {
    ticket: ApiTicket;
    transcript: ApiMessage[];
  };
}

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  guild = standIn.addGuild({ name: 'Homelab Friends' });
  category = standIn.addChannel(guild.id, { name: 'Tickets', type: 4 });
  staffRole = standIn.addRole(guild.id, { name: 'Support', position: 2 }).id;
  pete = standIn.user({ username: 'pixel_pete' });
  sam = standIn.user({ username: 'sam_s' });
  maria = standIn.user({ username: 'mod_maria' });
  standIn.addMember(guild.id, pete);
  standIn.addMember(guild.id, sam);
  standIn.addMember(guild.id, maria, [staffRole]);
  svc = await startTestService({
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_URL: standIn.apiUrl,
    TICKET_SWEEP_SECONDS: '5',
  });
  watch = await watchEvents('DISCORD_EVENTS', seen);
  pool = new pg.Pool({ connectionString: svc.database!.url, max: 2 });
  await pool.query(
    `INSERT INTO guild_settings (guild_id, ticket_category_id, staff_role_ids,
     max_open_tickets_per_member) VALUES ($1, $2, $3, 1)`,
    [guild.id, category.id, [staffRole]],
  );
  await svc.service.bot.ready();
});

afterAll(async () => {
  await pool?.end();
  await svc?.stop();
  await watch?.stop();
  await standIn?.close();
});

describe('tickets in Discord', () => {
  let ticket: ApiTicket;

  it('posts the panel with an "Open ticket" button and remembers where', async () => {
    const general = standIn.generalChannel(guild.id);
    const res = await svc.post(`/api/guilds/${guild.id}/ticket-panel`, { channelId: general.id });
    expect(res.status).toBe(201);
    const { panel } = (await res.json()) as { panel: { channelId: string; messageId: string } };
    const message = standIn.messages.get(panel.messageId);
    expect(message?.channel_id).toBe(general.id);
    expect(JSON.stringify(message?.components)).toContain('"custom_id":"ticket:open"');
    const { rows } = await pool.query(
      'SELECT panel_channel_id, panel_message_id FROM guild_settings WHERE guild_id = $1',
      [guild.id],
    );
    expect(rows).toEqual([{ panel_channel_id: general.id, panel_message_id: panel.messageId }]);
    // A channel of no guild of the bot's: refused, nothing posted.
    const bad = await svc.post(`/api/guilds/${guild.id}/ticket-panel`, {
      channelId: '1999999999999999999',
    });
    expect(bad.status).toBe(400);
  });

  it('opens a private channel when a member presses the button, and stores the ticket', async () => {
    const general = standIn.generalChannel(guild.id);
    const pressed = standIn.memberPressesButton({
      guildId: guild.id,
      channelId: general.id,
      userId: pete.id,
      customId: 'ticket:open',
    });
    const reply = await standIn.waitForResponse(pressed.id, (r) =>
      /Your ticket is open/.test(r.content ?? ''),
    );
    expect(reply.ephemeral || standIn.responses(pressed.id).some((r) => r.ephemeral)).toBe(true);
    const [t] = await ticketsOf(pete.id);
    ticket = t!;
    expect(ticket).toMatchObject({ number: 1, status: 'open', subject: 'Ticket #1' });
    expect(reply.content).toContain(`<#${ticket.channelId}>`);

    const channel = standIn.channels.get(ticket.channelId!);
    expect(channel).toMatchObject({ name: 'ticket-0001', parent_id: category.id, type: 0 });
    const ow = new Map(channel!.permission_overwrites.map((o) => [o.id, o]));
    expect(BigInt(ow.get(guild.id)!.deny) & VIEW_CHANNEL).toBe(VIEW_CHANNEL);
    for (const id of [pete.id, staffRole, standIn.botUser.id]) {
      expect(BigInt(ow.get(id)!.allow) & VIEW_CHANNEL).toBe(VIEW_CHANNEL);
    }
    expect(ow.has(sam.id)).toBe(false);

    await expect
      .poll(() =>
        standIn.channelMessages(ticket.channelId!).map((m) => JSON.stringify(m.components)),
      )
      .toEqual([expect.stringContaining(`ticket:claim:${ticket.id}`)]);
    await expect
      .poll(() =>
        seen.filter((e) => e.subject === events.ticketOpened.subject).map((e) => e.envelope.data),
      )
      .toEqual([
        {
          ticketId: ticket.id,
          guildId: guild.id,
          channelId: ticket.channelId,
          openedBy: { userId: pete.id, username: 'pixel_pete' },
          subject: 'Ticket #1',
        },
      ]);
  });

  it('refuses a second ticket past the limit with an ephemeral reply', async () => {
    const creates = standIn.requests.filter(
      (r) => r.method === 'POST' && /\/channels$/.test(r.path),
    ).length;
    const pressed = standIn.memberPressesButton({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: pete.id,
      customId: 'ticket:open',
    });
    const reply = await standIn.waitForResponse(pressed.id, (r) =>
      /already have an open ticket/.test(r.content ?? ''),
    );
    expect(reply.content).toMatch(/close it before opening another/);
    expect(standIn.responses(pressed.id)[0]!.ephemeral).toBe(true);
    expect(
      standIn.requests.filter((r) => r.method === 'POST' && /\/channels$/.test(r.path)).length,
    ).toBe(creates);
    expect(await ticketsOf(pete.id)).toHaveLength(1);
  });

  it('records the member’s messages in the transcript, with edits and deletes', async () => {
    const first = standIn.memberSays({
      channelId: ticket.channelId!,
      userId: pete.id,
      content: 'Plex is buffering',
    });
    const second = standIn.memberSays({
      channelId: ticket.channelId!,
      userId: pete.id,
      content: 'since tusday',
    });
    // Elsewhere: not a ticket channel, not recorded.
    standIn.memberSays({
      channelId: standIn.generalChannel(guild.id).id,
      userId: pete.id,
      content: 'hi all',
    });
    await expect
      .poll(async () =>
        (await ticketWithTranscript(ticket.id)).transcript
          .filter((m) => !m.authorIsBot)
          .map((m) => m.content),
      )
      .toEqual(['Plex is buffering', 'since tusday']);
    standIn.memberEdits(second.id, 'since tuesday');
    standIn.messageDeleted(ticket.channelId!, first.id);
    await expect
      .poll(async () =>
        (await ticketWithTranscript(ticket.id)).transcript
          .filter((m) => !m.authorIsBot)
          .map((m) => [m.messageId, m.content, m.editedAt !== null, m.deletedAt !== null]),
      )
      .toEqual([
        [first.id, 'Plex is buffering', false, true],
        [second.id, 'since tuesday', true, false],
      ]);
    const { transcript } = await ticketWithTranscript(ticket.id);
    expect(transcript[0]).toMatchObject({ authorIsBot: true, authorId: standIn.botUser.id });
  });

  it('lets no one but staff claim: a member gets an ephemeral refusal', async () => {
    const pressed = standIn.memberPressesButton({
      guildId: guild.id,
      channelId: ticket.channelId!,
      userId: sam.id,
      customId: `ticket:claim:${ticket.id}`,
    });
    const reply = await standIn.waitForResponse(pressed.id);
    expect(reply).toMatchObject({ ephemeral: true, content: 'Only staff can claim a ticket.' });
    expect((await ticketWithTranscript(ticket.id)).ticket.claimedBy).toBeNull();

    const claimed = standIn.memberPressesButton({
      guildId: guild.id,
      channelId: ticket.channelId!,
      userId: maria.id,
      customId: `ticket:claim:${ticket.id}`,
    });
    const ok = await standIn.waitForResponse(claimed.id);
    expect(ok.content).toBe(`<@${maria.id}> claimed ticket #1.`);
    expect((await ticketWithTranscript(ticket.id)).ticket).toMatchObject({
      status: 'claimed',
      claimedBy: { userId: maria.id, username: 'mod_maria' },
    });
  });

  it('closes with /ticket close: the channel goes, the transcript stays, ticketClosed is published', async () => {
    const ran = standIn.memberRunsCommand({
      guildId: guild.id,
      channelId: ticket.channelId!,
      userId: maria.id,
      name: 'ticket',
      subcommand: 'close',
      options: { reason: 'Transcoding fixed' },
    });
    await standIn.waitForResponse(ran.id);
    await standIn.waitForRequest('DELETE', `/api/v10/channels/${ticket.channelId}`);
    expect(
      standIn.channels.get(ticket.channelId!)?.deleted ?? !standIn.channels.has(ticket.channelId!),
    ).toBe(true);
    const after = await ticketWithTranscript(ticket.id);
    expect(after.ticket).toMatchObject({
      status: 'closed',
      closeReason: 'Transcoding fixed',
      closedBy: { userId: maria.id, username: 'mod_maria' },
    });
    expect(after.transcript.filter((m) => !m.authorIsBot).map((m) => m.content)).toEqual([
      'Plex is buffering',
      'since tuesday',
    ]);
    await expect
      .poll(() =>
        seen.filter((e) => e.subject === events.ticketClosed.subject).map((e) => e.envelope.data),
      )
      .toEqual([
        {
          ticketId: ticket.id,
          guildId: guild.id,
          closedBy: { userId: maria.id, username: 'mod_maria' },
          reason: 'Transcoding fixed',
        },
      ]);
    expect(seen.filter((e) => e.subject === events.ticketClaimed.subject)).toHaveLength(1);
  });

  it('asks the guild’s questions in a modal before opening', async () => {
    await pool.query(`UPDATE guild_settings SET ticket_questions = $2::jsonb WHERE guild_id = $1`, [
      guild.id,
      JSON.stringify([{ label: 'What is wrong?', style: 'short', required: true }]),
    ]);
    const pressed = standIn.memberPressesButton({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: sam.id,
      customId: 'ticket:open',
    });
    const modal = await standIn.waitForResponse(pressed.id);
    expect(modal.type).toBe(9);
    expect(JSON.stringify(modal.data)).toContain('What is wrong?');
    const submitted = standIn.memberSubmitsModal({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: sam.id,
      customId: 'ticket:answers',
      fields: { q0: 'Jellyfin will not start' },
    });
    await standIn.waitForResponse(submitted.id, (r) => /Your ticket is open/.test(r.content ?? ''));
    const [t] = await ticketsOf(sam.id);
    expect(t).toMatchObject({ number: 2, subject: 'Jellyfin will not start', status: 'open' });
  });
  it('adds and removes a member with /ticket add|remove (staff), changing the channel overwrites', async () => {
    const [t] = await ticketsOf(sam.id);
    const run = (userId: string, subcommand: string) =>
      standIn.memberRunsCommand({
        guildId: guild.id,
        channelId: t!.channelId!,
        userId,
        name: 'ticket',
        subcommand,
        options: { member: pete.id },
      });
    const refused = await standIn.waitForResponse(run(sam.id, 'add').id);
    expect(refused).toMatchObject({ ephemeral: true, content: 'Only staff can add members.' });
    const added = await standIn.waitForResponse(run(maria.id, 'add').id);
    expect(added.content).toBe(`<@${pete.id}> was added to this ticket.`);
    const ow = standIn.channels
      .get(t!.channelId!)!
      .permission_overwrites.find((o) => o.id === pete.id);
    expect(BigInt(ow!.allow) & VIEW_CHANNEL).toBe(VIEW_CHANNEL);
    expect((await ticketsOf(pete.id)).map((x) => x.id)).toContain(t!.id);
    await standIn.waitForResponse(run(maria.id, 'remove').id);
    expect(
      standIn.channels.get(t!.channelId!)!.permission_overwrites.some((o) => o.id === pete.id),
    ).toBe(false);
  });

  it('reopens a closed ticket in a new channel with /ticket reopen (staff)', async () => {
    const ran = standIn.memberRunsCommand({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: maria.id,
      name: 'ticket',
      subcommand: 'reopen',
      options: { number: 1 },
    });
    const reply = await standIn.waitForResponse(ran.id, (r) => /open again/.test(r.content ?? ''));
    const after = await ticketWithTranscript(ticket.id);
    expect(after.ticket.status).toBe('claimed');
    expect(after.ticket.channelId).not.toBe(ticket.channelId);
    expect(reply.content).toContain(`<#${after.ticket.channelId}>`);
    expect(standIn.channels.get(after.ticket.channelId!)?.name).toBe('ticket-0001');
  });

  it("opens a ticket on a member's behalf from the web while the bot is connected", async () => {
    const res = await svc.post('/api/tickets', {
      guildId: guild.id,
      memberId: maria.id,
      memberTag: 'mod_maria',
      answers: ['Opened from the web'],
    });
    expect(res.status).toBe(201);
    const { ticket: t } = (await res.json()) as { ticket: ApiTicket & { openedVia: string } };
    expect(t).toMatchObject({ number: 3, openedVia: 'web', subject: 'Opened from the web' });
    expect(standIn.channels.get(t.channelId!)?.name).toBe('ticket-0003');
  });
  it('auto-closes a ticket idle past the guild setting: channel deleted, the bot named', async () => {
    const [t] = await ticketsOf(sam.id);
    await pool.query(`UPDATE guild_settings SET auto_close_hours = 1 WHERE guild_id = $1`, [
      guild.id,
    ]);
    await pool.query(
      `UPDATE tickets SET last_activity_at = now() - interval '2 hours' WHERE id = $1`,
      [t!.id],
    );
    await expect
      .poll(async () => (await ticketWithTranscript(t!.id)).ticket.status, { timeout: 12_000 })
      .toBe('closed');
    expect((await ticketWithTranscript(t!.id)).ticket.closedBy).toEqual({
      userId: standIn.botUser.id,
      username: standIn.botUser.username,
    });
    await standIn.waitForRequest('DELETE', `/api/v10/channels/${t!.channelId}`);
    // The others had messages just now: still open.
    expect((await ticketsOf(maria.id)).find((x) => x.number === 3)?.status).toBe('open');
  }, 20_000);
  it('closes a ticket whose channel someone deleted by hand in Discord', async () => {
    const t = (await ticketsOf(maria.id)).find((x) => x.number === 3)!;
    expect(t.status).toBe('open');
    const before = standIn.requests.length;
    standIn.channelDeletedByHand(t.channelId!);
    await expect
      .poll(async () => (await ticketWithTranscript(t.id)).ticket, { timeout: 10_000 })
      .toMatchObject({
        status: 'closed',
        closeReason: 'the ticket channel was deleted in Discord',
        closedBy: { userId: standIn.botUser.id, username: standIn.botUser.username },
      });
    // Nothing left to delete: the bot made no request for the vanished channel.
    expect(standIn.requests.slice(before).filter((r) => r.path.includes(t.channelId!))).toEqual([]);
    await expect
      .poll(() =>
        seen.some(
          (e) =>
            e.subject === events.ticketClosed.subject &&
            (e.envelope.data as { ticketId: string }).ticketId === t.id,
        ),
      )
      .toBe(true);
  });

  it('says why when Discord refuses to make the channel, and writes nothing', async () => {
    standIn.route('POST', '/api/v10/guilds/:guild/channels', (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Missing Permissions', code: 50013 }));
    });
    const before = (await pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n as number;
    const res = await svc.post('/api/tickets', {
      guildId: guild.id,
      memberId: sam.id,
      memberTag: 'sam_s',
      answers: ['again'],
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/Missing Permissions.*Manage Channels/);
    expect((await pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n).toBe(before);

    // In Discord the member is told the same.
    const submitted = standIn.memberSubmitsModal({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: sam.id,
      customId: 'ticket:answers',
      fields: { q0: 'once more' },
    });
    const reply = await standIn.waitForResponse(submitted.id, (r) =>
      /Missing Permissions/.test(r.content ?? ''),
    );
    expect(reply.content).toMatch(/^Discord did not make the ticket channel/);
    expect((await pool.query('SELECT count(*)::int AS n FROM tickets')).rows[0].n).toBe(before);
  });
});
