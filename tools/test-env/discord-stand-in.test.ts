// The Discord stand-in driven by the real discord.js Client.
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type ModalSubmitInteraction,
} from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordStandIn, type DiscordStandIn, type StandInGuild } from './discord-stand-in.ts';

let standIn: DiscordStandIn;
let client: Client;
let guild: StandInGuild;

function next<T>(event: string, filter: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (value: T) => {
      if (!filter(value)) return;
      client.off(event, listener);
      resolve(value);
    };
    client.on(event, listener);
  });
}

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  guild = standIn.addGuild({ name: 'Homelab' });
  client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.MessageContent,
    ],
    rest: { api: standIn.apiUrl },
  });
  const ready = next<Client>(Events.ClientReady);
  await client.login(standIn.token);
  await ready;
});
afterAll(async () => {
  await client.destroy();
  await standIn.close();
});

describe('the Discord stand-in', () => {
  it('logs discord.js in: clientReady with the guild, its channels and members cached', () => {
    expect(client.user?.id).toBe(standIn.botUser.id);
    expect(client.application?.id).toBe(standIn.applicationId);
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.name).toBe('Homelab');
    expect(cached?.channels.cache.find((c) => c.name === 'general')?.type).toBe(
      ChannelType.GuildText,
    );
    expect(cached?.members.me?.roles.highest.name).toBe('homelab-bot');
    expect(standIn.identifies).toBe(1);
  });

  it('delivers a button press as an Interaction; the reply reaches the stand-in', async () => {
    const alice = standIn.user({ username: 'alice' });
    standIn.addMember(guild.id, alice);
    const arrived = next<Interaction>(Events.InteractionCreate);
    const sent = standIn.memberPressesButton({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: alice.id,
      customId: 'ticket:open',
    });
    const interaction = (await arrived) as ButtonInteraction;
    expect(interaction.isButton()).toBe(true);
    expect(interaction.customId).toBe('ticket:open');
    expect(interaction.user.id).toBe(alice.id);
    expect(interaction.guildId).toBe(guild.id);
    await interaction.reply({ content: 'hello', flags: MessageFlags.Ephemeral });
    const reply = await standIn.waitForResponse(sent.id);
    expect(reply).toMatchObject({ kind: 'callback', type: 4, ephemeral: true, content: 'hello' });
  });

  it('registers guild commands and delivers a slash command with resolved options', async () => {
    await client.application?.commands.set(
      [
        {
          name: 'warn',
          description: 'Warn a member',
          options: [
            { type: 6, name: 'member', description: 'who', required: true },
            { type: 3, name: 'reason', description: 'why' },
          ],
        },
      ],
      guild.id,
    );
    const put = await standIn.waitForRequest(
      'PUT',
      `/api/v10/applications/${standIn.applicationId}/guilds/${guild.id}/commands`,
    );
    expect(put.body).toMatchObject([{ name: 'warn' }]);
    const bob = standIn.user({ username: 'bob' });
    standIn.addMember(guild.id, bob);
    const arrived = next<Interaction>(Events.InteractionCreate);
    const sent = standIn.memberRunsCommand({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: guild.owner_id,
      name: 'warn',
      options: { member: bob.id, reason: 'spam' },
    });
    const interaction = (await arrived) as ChatInputCommandInteraction;
    expect(interaction.commandName).toBe('warn');
    expect(interaction.options.getUser('member')?.id).toBe(bob.id);
    expect(interaction.options.getString('reason')).toBe('spam');
    expect(interaction.memberPermissions?.has('Administrator')).toBe(true);
    await interaction.deferReply();
    await interaction.editReply('done');
    await standIn.waitForResponse(sent.id, (r) => r.kind === 'edit');
    expect(standIn.responses(sent.id).map((r) => r.kind)).toEqual(['callback', 'edit']);
  });

  it('delivers a modal submit with its fields', async () => {
    const arrived = next<Interaction>(Events.InteractionCreate);
    standIn.memberSubmitsModal({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: guild.owner_id,
      customId: 'ticket:questions',
      fields: { q0: 'my printer is on fire' },
    });
    const interaction = (await arrived) as ModalSubmitInteraction;
    expect(interaction.isModalSubmit()).toBe(true);
    expect(interaction.fields.getTextInputValue('q0')).toBe('my printer is on fire');
  });

  it('creates a channel over REST and dispatches CHANNEL_CREATE; messages flow both ways', async () => {
    const cached = client.guilds.cache.get(guild.id);
    const channel = await cached!.channels.create({
      name: 'ticket-0001',
      type: ChannelType.GuildText,
      permissionOverwrites: [{ id: guild.id, deny: ['ViewChannel'] }],
    });
    expect(standIn.channels.get(channel.id)?.permission_overwrites).toEqual([
      { id: guild.id, type: 0, allow: '0', deny: '1024' },
    ]);
    expect(client.channels.cache.has(channel.id)).toBe(true);
    const said = next<Message>(Events.MessageCreate, (m) => m.channelId === channel.id);
    const m = standIn.memberSays({
      channelId: channel.id,
      userId: guild.owner_id,
      content: 'hi there',
    });
    expect((await said).content).toBe('hi there');
    const deleted = next<Message>(Events.MessageDelete);
    standIn.messageDeleted(channel.id, m.id);
    expect((await deleted).id).toBe(m.id);
    if (channel.isTextBased()) await channel.send('bot speaking');
    expect(standIn.channelMessages(channel.id).at(-1)?.content).toBe('bot speaking');
  });

  it('refuses a role at or above the bot’s highest role', async () => {
    const high = standIn.addRole(guild.id, { name: 'Admins', position: 20 });
    const low = standIn.addRole(guild.id, { name: 'Members', position: 2 });
    const member = await client.guilds.cache.get(guild.id)!.members.fetch(guild.owner_id);
    await member.roles.add(low.id);
    expect(guild.members.get(guild.owner_id)?.roles).toContain(low.id);
    await expect(member.roles.add(high.id)).rejects.toThrow(/Missing Permissions/);
  });

  it('member join/leave arrive as guildMemberAdd/Remove', async () => {
    const carol = standIn.user({ username: 'carol' });
    const joined = next<{ id: string }>(Events.GuildMemberAdd);
    standIn.memberJoins(guild.id, carol);
    expect((await joined).id).toBe(carol.id);
    const left = next<{ id: string }>(Events.GuildMemberRemove);
    standIn.memberLeaves(guild.id, carol.id);
    expect((await left).id).toBe(carol.id);
  });

  it('survives a dropped gateway: the client resumes and receives events again', async () => {
    const resumed = next<number>(Events.ShardResume);
    standIn.dropGateway();
    await resumed;
    expect(standIn.resumes).toBe(1);
    expect(standIn.identifies).toBe(1);
    const arrived = next<Interaction>(Events.InteractionCreate);
    standIn.memberPressesButton({
      guildId: guild.id,
      channelId: standIn.generalChannel(guild.id).id,
      userId: guild.owner_id,
      customId: 'after-resume',
    });
    expect(((await arrived) as ButtonInteraction).customId).toBe('after-resume');
  });

  it('guild joins and removals reach the client', async () => {
    const created = next<{ id: string }>(Events.GuildCreate);
    const other = standIn.addGuild({ name: 'Second' });
    expect((await created).id).toBe(other.id);
    const deleted = next<{ id: string }>(Events.GuildDelete);
    standIn.botRemoved(other.id);
    expect((await deleted).id).toBe(other.id);
    expect(client.guilds.cache.has(other.id)).toBe(false);
  });

  it('refuses a wrong bot token with 401', async () => {
    const res = await fetch(`${standIn.apiUrl}/v10/users/@me`, {
      headers: { authorization: 'Bot nope' },
    });
    expect(res.status).toBe(401);
  });
});
