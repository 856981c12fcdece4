// The bot in the real service, logged in with discord.js to the Discord stand-in: guild sync
// (rows + guildJoined/guildLeft on the bus), slash commands per guild, a dropped gateway that
// resumes, and the status without a token.
import type { SubscribedEvent } from '@homelab/nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInGuild,
} from '../../tools/test-env/discord-stand-in.ts';
import { eventually, watchEvents, type EventWatch } from '../../tools/test-env/service-harness.ts';
import type { BotStatus } from '../src/bot/discord-bot.ts';
import { startTestService, type TestService } from './harness.ts';

let standIn: DiscordStandIn;
let svc: TestService;
let watch: EventWatch;
let first: StandInGuild;
const seen: SubscribedEvent[] = [];

interface GuildRow {
  id: string;
  name: string;
  member_count: number;
  left_at: Date | null;
}
async function guildRows(url = svc.database!.url): Promise<GuildRow[]> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<GuildRow>(
      'SELECT id, name, member_count, left_at FROM guilds ORDER BY joined_at, id',
    );
    return rows;
  } finally {
    await db.end();
  }
}
const eventsOf = (type: string) => seen.filter((e) => e.envelope.type === type);

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  first = standIn.addGuild({ name: 'Homelab Friends' });
  svc = await startTestService({ DISCORD_TOKEN: standIn.token, DISCORD_API_URL: standIn.apiUrl });
  // From the stream's first event (the service made the stream), so nothing is missed.
  watch = await watchEvents('DISCORD_EVENTS', seen);
  await svc.service.bot.ready();
});
afterAll(async () => {
  await svc?.stop();
  await watch?.stop();
  await standIn?.close();
});

describe('the Discord bot in the service', () => {
  it('is ready and says so at GET /api/bot/status', async () => {
    const res = await svc.get('/api/bot/status');
    expect(res.status).toBe(200);
    const status = (await res.json()) as BotStatus;
    expect(status).toMatchObject({
      state: 'ready',
      user: { id: standIn.botUser.id, username: 'homelab-bot' },
      guildCount: 1,
      lastError: null,
      hint: null,
    });
    expect(Date.parse(status.since)).not.toBeNaN();
  });

  it('stores the guild it is in and publishes guildJoined once', async () => {
    await eventually(async () => {
      expect(await guildRows()).toEqual([
        { id: first.id, name: 'Homelab Friends', member_count: 2, left_at: null },
      ]);
      expect(eventsOf('guild.joined').map((e) => e.envelope.data)).toEqual([
        { guildId: first.id, name: 'Homelab Friends', memberCount: 2 },
      ]);
    });
  });

  it('registers the slash commands in every guild, also in one it joins later', async () => {
    const put = await standIn.waitForRequest(
      'PUT',
      `/api/v10/applications/${standIn.applicationId}/guilds/${first.id}/commands`,
    );
    expect(Array.isArray(put.body)).toBe(true);
    const second = standIn.addGuild({ name: 'Second Server' });
    await standIn.waitForRequest(
      'PUT',
      `/api/v10/applications/${standIn.applicationId}/guilds/${second.id}/commands`,
    );
    expect(second.commands.map((c) => c.name)).toEqual(first.commands.map((c) => c.name));
    await eventually(async () => {
      expect((await guildRows()).map((r) => r.id)).toEqual([first.id, second.id]);
      expect(eventsOf('guild.joined')).toHaveLength(2);
    });
    expect(svc.service.bot.status().guildCount).toBe(2);
  });

  it('renames on GUILD_UPDATE without an event; removal sets left_at and publishes guildLeft', async () => {
    const second = [...standIn.guilds.values()].find((g) => g.name === 'Second Server')!;
    standIn.updateGuild(second.id, { name: 'Renamed Server' });
    await eventually(async () => {
      expect((await guildRows()).find((r) => r.id === second.id)?.name).toBe('Renamed Server');
    });
    standIn.botRemoved(second.id);
    await eventually(async () => {
      expect((await guildRows()).find((r) => r.id === second.id)?.left_at).toBeInstanceOf(Date);
      expect(eventsOf('guild.left').map((e) => e.envelope.data)).toEqual([
        { guildId: second.id, name: 'Renamed Server' },
      ]);
    });
    expect(eventsOf('guild.joined')).toHaveLength(2);
    // Back again: a new guildJoined, the row present again.
    standIn.botJoins(second.id);
    await eventually(async () => {
      expect((await guildRows()).find((r) => r.id === second.id)?.left_at).toBeNull();
      expect(eventsOf('guild.joined')).toHaveLength(3);
    });
  });

  it('keeps member_count up to date on joins and leaves', async () => {
    const dave = standIn.user({ username: 'dave' });
    standIn.memberJoins(first.id, dave);
    await eventually(async () => {
      expect((await guildRows()).find((r) => r.id === first.id)?.member_count).toBe(3);
    });
    standIn.memberLeaves(first.id, dave.id);
    await eventually(async () => {
      expect((await guildRows()).find((r) => r.id === first.id)?.member_count).toBe(2);
    });
  });

  it('survives a dropped gateway: reconnecting, then ready again by RESUME; a button still arrives', async () => {
    const states: string[] = [];
    const before = svc.service.bot.status().reconnects;
    standIn.dropGateway();
    await eventually(async () => {
      states.push(svc.service.bot.status().state);
      expect(standIn.resumes).toBe(1);
      expect(svc.service.bot.status().state).toBe('ready');
    });
    expect(standIn.identifies).toBe(1);
    expect(svc.service.bot.status().reconnects).toBe(before + 1);
    const sent = standIn.memberPressesButton({
      guildId: first.id,
      channelId: standIn.generalChannel(first.id).id,
      userId: first.owner_id,
      customId: 'nobody:handles:this',
    });
    // Arrived and routed: no handler → an ephemeral note, not silence.
    const reply = await standIn.waitForResponse(sent.id);
    expect(reply).toMatchObject({ kind: 'callback', type: 4, ephemeral: true });
  });

  it('a session Discord will not resume: the bot identifies again, is ready, and drops guilds it lost meanwhile', async () => {
    const lost = standIn.addGuild({ name: 'Lost Meanwhile' });
    await eventually(async () => {
      expect((await guildRows()).some((r) => r.id === lost.id && r.left_at === null)).toBe(true);
    });
    standIn.invalidateSessions();
    lost.botIn = false; // removed while the session was gone: no GUILD_DELETE reaches the bot
    standIn.dropGateway();
    await eventually(async () => {
      expect(standIn.identifies).toBe(2);
      expect(svc.service.bot.status().state).toBe('ready');
      expect((await guildRows()).find((r) => r.id === lost.id)?.left_at).toBeInstanceOf(Date);
    });
    expect(svc.service.bot.status().guildCount).toBe(
      [...standIn.guilds.values()].filter((g) => g.botIn).length,
    );
    await eventually(async () => {
      expect(eventsOf('guild.left').map((e) => e.envelope.data)).toContainEqual({
        guildId: lost.id,
        name: 'Lost Meanwhile',
      });
    });
    const sent = standIn.memberPressesButton({
      guildId: first.id,
      channelId: standIn.generalChannel(first.id).id,
      userId: first.owner_id,
      customId: 'nobody:handles:this:either',
    });
    expect(await standIn.waitForResponse(sent.id)).toMatchObject({ ephemeral: true });
  });

  it('marks a guild left that the bot was removed from while the service was down', async () => {
    const extra = standIn.addGuild({ name: 'Gone While Offline' });
    await eventually(async () => {
      expect((await guildRows()).some((r) => r.id === extra.id && r.left_at === null)).toBe(true);
    });
    const database = svc.database!;
    await svc.service.stop(); // the service only: its database stays
    extra.botIn = false;
    const again = await startTestService({
      DISCORD_TOKEN: standIn.token,
      DISCORD_API_URL: standIn.apiUrl,
      DATABASE_URL: database.url,
    });
    try {
      await again.service.bot.ready();
      expect(standIn.identifies).toBe(3); // a new process logs in afresh
      await eventually(async () => {
        const rows = await guildRows(database.url);
        expect(rows.find((r) => r.id === extra.id)?.left_at).toBeInstanceOf(Date);
        expect(rows.find((r) => r.id === first.id)?.left_at).toBeNull();
        expect(eventsOf('guild.left').map((e) => e.envelope.data)).toContainEqual({
          guildId: extra.id,
          name: 'Gone While Offline',
        });
      });
    } finally {
      await again.stop();
      await database.drop();
      svc = undefined as unknown as TestService;
    }
  });
});

describe('when the bot cannot work', () => {
  it('without DISCORD_TOKEN: not_configured, saying what to set', async () => {
    const off = await startTestService();
    try {
      const status = (await (await off.get('/api/bot/status')).json()) as BotStatus;
      expect(status).toMatchObject({ state: 'not_configured', guildCount: 0, user: null });
      expect(status.hint).toMatch(/DISCORD_TOKEN/);
    } finally {
      await off.stop();
    }
  });

  it('a refused token is an error with a hint, not a crash', async () => {
    const bad = await startTestService({ DISCORD_TOKEN: 'wrong', DISCORD_API_URL: standIn.apiUrl });
    try {
      await eventually(async () => {
        const status = (await (await bad.get('/api/bot/status')).json()) as BotStatus;
        expect(status.state).toBe('error');
        expect(status.hint).toMatch(/refused DISCORD_TOKEN/);
      });
    } finally {
      await bad.stop();
    }
  });

  it('privileged intents not enabled in the portal: error, naming the switches', async () => {
    const strict = await startDiscordStandIn();
    strict.allowPrivilegedIntents(0);
    strict.addGuild({ name: 'Strict' });
    const off = await startTestService({
      DISCORD_TOKEN: strict.token,
      DISCORD_API_URL: strict.apiUrl,
    });
    try {
      await eventually(async () => {
        const status = (await (await off.get('/api/bot/status')).json()) as BotStatus;
        expect(status.state).toBe('error');
        expect(status.hint).toMatch(/Server Members Intent.*Message Content Intent/);
      });
      expect((await off.get('/readyz')).status).toBe(200); // the service itself works on
    } finally {
      await off.stop();
      await strict.close();
    }
  });
});
