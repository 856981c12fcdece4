// A member pressing the ticket panel's "Open ticket" button to the bot's request for the ticket
// channel: the real discord-bot in its own process on Postgres and nats-server, logged in with
// discord.js to the local Discord stand-in. One ticket in flight at a time (each by a new member,
// so the open limit never refuses), timed at the stand-in from sending INTERACTION_CREATE on the
// gateway to POST /guilds/{id}/channels arriving at its REST API; the next press waits until the
// bot has answered the interaction. Baseline: a bare discord.js Client in this process that makes
// a channel for every button press (no service, no database, no rules).
//
// Presses start at most every GAP_MS: discord.js keeps to Discord's global 50 REST requests per
// second (@discordjs/rest globalRequestsPerSecond), and a ticket costs the bot several requests
// (channel, reply, welcome message); back to back, the p99 would measure that limiter (≈ 340 ms
// waits), not the bot. So no per-second figure: the pace is set here.
import { ChannelType, Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import pg from 'pg';
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInGuild,
} from '../tools/test-env/discord-stand-in.ts';
import { startServiceProcess } from './lib/service-process.ts';
import { percentile, type Figures } from './lib/stats.ts';

const GAP_MS = 200;

/** Presses ticket:open as a new member; resolves with ms from the press to the channel request. */
async function openTicket(standIn: DiscordStandIn, guild: StandInGuild, i: number) {
  const member = standIn.user({ username: `bench-member-${i}` });
  standIn.addMember(guild.id, member);
  const path = `/api/v10/guilds/${guild.id}/channels`;
  let stop = () => {};
  const requested = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`ticket ${i}: no channel request within 5 s`));
    }, 5_000);
    stop = standIn.onRequest((r) => {
      if (r.method !== 'POST' || r.path !== path) return;
      clearTimeout(timer);
      stop();
      resolve(r.at);
    });
  });
  const t0 = performance.now();
  const sent = standIn.memberPressesButton({
    guildId: guild.id,
    channelId: standIn.generalChannel(guild.id).id,
    userId: member.id,
    customId: 'ticket:open',
  });
  const at = await requested;
  await standIn.waitForResponse(sent.id, (r) => r.kind !== 'callback' || r.type !== 5);
  return at - t0;
}

async function timeTickets(standIn: DiscordStandIn, guild: StandInGuild, warm: number, n: number) {
  let i = 0;
  for (; i < warm; i++) await openTicket(standIn, guild, i);
  await new Promise((r) => setTimeout(r, 1_000)); // let the rate-limit window pass
  const times: number[] = [];
  for (; i < warm + n; i++) {
    const next = performance.now() + GAP_MS;
    times.push(await openTicket(standIn, guild, i));
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  times.sort((a, b) => a - b);
  return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
}

async function bareBaseline(n: number) {
  const standIn = await startDiscordStandIn();
  const guild = standIn.addGuild({ name: 'Baseline' });
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isButton() || !interaction.inCachedGuild()) return;
    void (async () => {
      const channel = await interaction.guild.channels.create({
        name: `ticket-${interaction.user.username}`,
        type: ChannelType.GuildText,
      });
      await interaction.reply({ content: `<#${channel.id}>`, flags: MessageFlags.Ephemeral });
    })();
  });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(standIn.token);
  await ready;
  try {
    return await timeTickets(standIn, guild, 100, n);
  } finally {
    await client.destroy();
    await standIn.close();
  }
}

export async function benchDiscordTicket(
  nats: NatsServerHandle,
  pgAdminUrl: string,
  n = 500,
): Promise<Figures[]> {
  const count = Math.max(n, 500);
  const base = await bareBaseline(count);
  const standIn = await startDiscordStandIn();
  const guild = standIn.addGuild({ name: 'Bench Guild' });
  const category = standIn.addChannel(guild.id, { name: 'Tickets', type: 4 });
  const staff = standIn.addRole(guild.id, { name: 'Support', position: 2 });
  const svc = await startServiceProcess({
    dir: 'discord-bot',
    user: 'discord',
    nats,
    pgAdminUrl,
    env: { DISCORD_TOKEN: standIn.token, DISCORD_API_URL: standIn.apiUrl },
  });
  const db = new pg.Client({ connectionString: svc.database.url });
  await db.connect();
  try {
    // Ready: the bot has stored the guild (it syncs guilds once it is logged in).
    for (let i = 0; ; i++) {
      const { rowCount } = await db.query('SELECT 1 FROM guilds WHERE id = $1', [guild.id]);
      if (rowCount) break;
      if (i > 300) throw new Error('the bot did not come up within 30 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    await db.query(
      `INSERT INTO guild_settings (guild_id, ticket_category_id, staff_role_ids,
       max_open_tickets_per_member) VALUES ($1, $2, $3, 1)`,
      [guild.id, category.id, [staff.id]],
    );
    const figures = await timeTickets(standIn, guild, 100, count);
    const { rows } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM tickets WHERE guild_id = $1',
      [guild.id],
    );
    if (Number(rows[0]?.n) !== count + 100) {
      throw new Error(`expected ${count + 100} tickets stored, found ${rows[0]?.n}`);
    }
    const baseName = `Discord: bare discord.js client making a channel per button press, one every ${GAP_MS} ms`;
    return [
      {
        name: baseName,
        ...base,
        note: 'stand-in gateway → discord.js → stand-in REST; no service',
      },
      {
        name: `discord-bot ticket button → channel request (${count}), one every ${GAP_MS} ms`,
        ...figures,
        baseline: baseName,
        note: 'INTERACTION_CREATE → bot process (router, open limit, numbering lock, Postgres) → POST /guilds/{id}/channels',
      },
    ];
  } finally {
    await db.end();
    await svc.stop();
    await standIn.close();
  }
}
