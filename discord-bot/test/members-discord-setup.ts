// Set-up shared by the members tests through the Discord stand-in: the real service
// logged in with discord.js, one guild with a log channel and roles, the guild's
// settings row, a dashboard watching DISCORD_EVENTS, and a handle on the database.
import type { SubscribedEvent } from '@homelab/nats';
import { afterAll, beforeAll } from 'vitest';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type InteractionResponse,
  type StandInChannel,
  type StandInGuild,
  type StandInRole,
  type StandInUser,
} from '../../tools/test-env/discord-stand-in.ts';
import { eventually, watchEvents, type EventWatch } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';
import { openServiceDb, type ServiceDb } from './members-setup.ts';

export interface MembersWorld {
  standIn: DiscordStandIn;
  svc: TestService;
  sdb: ServiceDb;
  seen: SubscribedEvent[];
  guild: StandInGuild;
  general: StandInChannel;
  logChannel: StandInChannel;
  /** Below the bot's role (position 10). */
  roles: {
    unverified: StandInRole;
    verified: StandInRole;
    red: StandInRole;
    blue: StandInRole;
    admin: StandInRole;
    moderator: StandInRole;
  };
  /** Above the bot's role. */
  highRole: StandInRole;
  moderator: StandInUser;
  pete: StandInUser;
  /** Events of one contract seen so far. */
  eventsOf(contract: { subject: string }): SubscribedEvent[];
  /** The response that carries the visible answer (a reply, or the edit after a deferral). */
  answer(interactionId: string): Promise<InteractionResponse>;
}

/** Registers the hooks; the world is filled in by beforeAll. */
export function membersWorld(): MembersWorld {
  const world = { seen: [] as SubscribedEvent[] } as MembersWorld;
  let watch: EventWatch | undefined;
  beforeAll(async () => {
    const standIn = await startDiscordStandIn();
    const guild = standIn.addGuild({ name: 'Homelab Friends' });
    const general = standIn.generalChannel(guild.id);
    const logChannel = standIn.addChannel(guild.id, { name: 'mod-log' });
    const roles = {
      unverified: standIn.addRole(guild.id, { name: 'Unverified', position: 2 }),
      verified: standIn.addRole(guild.id, { name: 'Verified', position: 3 }),
      red: standIn.addRole(guild.id, { name: 'Red', position: 4 }),
      blue: standIn.addRole(guild.id, { name: 'Blue', position: 5 }),
      // Timeout, Kick and Ban Members.
      moderator: standIn.addRole(guild.id, {
        name: 'Moderator',
        position: 6,
        permissions: (1n << 40n) | 0x2n | 0x4n,
      }),
      admin: standIn.addRole(guild.id, { name: 'Admin', position: 7, permissions: 0x8n }),
    };
    const highRole = standIn.addRole(guild.id, { name: 'Owner Crew', position: 20 });
    const moderator = standIn.user({ username: 'mod_maria' });
    standIn.addMember(guild.id, moderator, [roles.moderator.id]);
    const pete = standIn.user({ username: 'pixel_pete' });
    standIn.addMember(guild.id, pete, []);
    const svc = await startTestService({
      DISCORD_TOKEN: standIn.token,
      DISCORD_API_URL: standIn.apiUrl,
    });
    watch = await watchEvents('DISCORD_EVENTS', world.seen);
    await svc.service.bot.ready();
    const sdb = await openServiceDb(svc);
    await eventually(async () => {
      await sdb.db.prisma.guild.findUniqueOrThrow({ where: { id: guild.id } });
    });
    await sdb.db.prisma.guildSettings.create({
      data: {
        guildId: guild.id,
        unverifiedRoleId: roles.unverified.id,
        verifiedRoleId: roles.verified.id,
        logChannelId: logChannel.id,
      },
    });
    // The slash commands are registered before the tests run them.
    await eventually(async () => {
      if (!guild.commands.some((c) => c.name === 'warn')) throw new Error('no /warn yet');
    });
    Object.assign(world, {
      standIn,
      svc,
      sdb,
      guild,
      general,
      logChannel,
      roles,
      highRole,
      moderator,
      pete,
      eventsOf: (contract: { subject: string }) =>
        world.seen.filter((e) => e.subject === contract.subject),
      answer: (id: string) =>
        standIn.waitForResponse(
          id,
          (r) => r.content !== undefined && (r.kind !== 'callback' || r.type === 4),
        ),
    });
  });
  afterAll(async () => {
    await world.sdb?.close();
    await world.svc?.stop();
    await watch?.stop();
    await world.standIn?.close();
  });
  return world;
}

/** The roles a member holds in the stand-in's model. */
export function rolesOf(world: MembersWorld, userId: string): string[] {
  return world.guild.members.get(userId)?.roles ?? [];
}
