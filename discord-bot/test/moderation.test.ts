// Moderation commands through the Discord stand-in and the real discord.js client:
// a moderator's /warn is recorded, published (moderationActionTaken) and written to
// the log channel; /timeout and /kick act in Discord; a member without the permission
// is refused and nothing is recorded; leaving and deleted messages get log lines.
import { events } from '@homelab/nats';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { membersWorld } from './members-discord-setup.ts';

const w = membersWorld();

const logLines = () => w.standIn.channelMessages(w.logChannel.id).map((m) => m.content);

describe('moderation commands', () => {
  it('registers /warn /timeout /kick /ban with their default permissions', () => {
    const perms = Object.fromEntries(
      w.guild.commands.map((c) => [c.name, c.default_member_permissions]),
    );
    expect(perms).toMatchObject({
      warn: String(1n << 40n),
      timeout: String(1n << 40n),
      kick: '2',
      ban: '4',
    });
  });

  it('logs a moderator’s /warn, publishes it and writes a line in the log channel', async () => {
    const run = w.standIn.memberRunsCommand({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId: w.moderator.id,
      name: 'warn',
      options: { user: w.pete.id, reason: 'Off-topic links' },
    });
    const reply = await w.answer(run.id);
    expect(reply.content).toMatch(/Warned pixel_pete \(Off-topic links\).*told by DM/);
    const rows = await w.sdb.db.prisma.moderationLog.findMany();
    expect(rows).toMatchObject([
      {
        guildId: w.guild.id,
        action: 'warn',
        moderatorId: w.moderator.id,
        moderatorTag: 'mod_maria',
        targetId: w.pete.id,
        targetTag: 'pixel_pete',
        reason: 'Off-topic links',
        durationSeconds: null,
      },
    ]);
    await eventually(async () => {
      expect(w.eventsOf(events.moderationActionTaken).map((e) => e.envelope.data)).toEqual([
        {
          actionId: rows[0]!.id,
          guildId: w.guild.id,
          action: 'warn',
          target: { userId: w.pete.id, username: 'pixel_pete' },
          moderator: { userId: w.moderator.id, username: 'mod_maria' },
          reason: 'Off-topic links',
          durationSeconds: null,
        },
      ]);
      expect(
        logLines().some((l) => /mod_maria\*\* warned \*\*pixel_pete.*Off-topic links/.test(l)),
      ).toBe(true);
    });
    const dm = [...w.standIn.channels.values()].find(
      (c) => c.type === 1 && c.recipients?.[0]?.id === w.pete.id,
    );
    expect(w.standIn.channelMessages(dm!.id).map((m) => m.content)).toEqual([
      'You were warned in **Homelab Friends**: Off-topic links',
    ]);
    const api = (await (await w.svc.get(`/api/moderation?guild=${w.guild.id}`)).json()) as {
      actions: unknown[];
    };
    expect(api.actions).toHaveLength(1);
  });

  it('refuses a member without the permission and records nothing', async () => {
    const run = w.standIn.memberRunsCommand({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId: w.pete.id,
      name: 'kick',
      options: { user: w.moderator.id, reason: 'revenge' },
    });
    const reply = await w.answer(run.id);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/You need the Kick Members permission to use \/kick/);
    expect(await w.sdb.count('moderation_logs')).toBe(1);
    expect(w.guild.members.has(w.moderator.id)).toBe(true);
  });

  it('times a member out for the given duration and refuses a bad duration', async () => {
    const bad = w.standIn.memberRunsCommand({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId: w.moderator.id,
      name: 'timeout',
      options: { user: w.pete.id, duration: 'forever' },
    });
    expect((await w.answer(bad.id)).content).toMatch(/"forever" is not a duration/);
    const run = w.standIn.memberRunsCommand({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId: w.moderator.id,
      name: 'timeout',
      options: { user: w.pete.id, duration: '10m', reason: 'Spam' },
    });
    expect((await w.answer(run.id)).content).toMatch(/Timed out pixel_pete for 10m/);
    const until = w.guild.members.get(w.pete.id)?.communication_disabled_until;
    expect(Date.parse(until ?? '') - Date.now()).toBeGreaterThan(9 * 60_000);
    const row = await w.sdb.db.prisma.moderationLog.findFirstOrThrow({
      where: { action: 'timeout' },
    });
    expect(row.durationSeconds).toBe(600);
  });

  it('kicks a member and logs the leave; a deleted message gets a log line', async () => {
    const troll = w.standIn.user({ username: 'troll_tom' });
    w.standIn.memberJoins(w.guild.id, troll);
    const said = w.standIn.memberSays({
      channelId: w.general.id,
      userId: troll.id,
      content: 'spam spam',
    });
    await eventually(async () =>
      expect(logLines().some((l) => l.includes('troll_tom'))).toBe(true),
    );
    w.standIn.messageDeleted(w.general.id, said.id);
    const run = w.standIn.memberRunsCommand({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId: w.moderator.id,
      name: 'kick',
      options: { user: troll.id, reason: 'Spam' },
    });
    expect((await w.answer(run.id)).content).toMatch(/Kicked troll_tom/);
    expect(w.guild.members.has(troll.id)).toBe(false);
    await eventually(async () => {
      const lines = logLines();
      expect(lines.some((l) => /deleted: spam spam/.test(l) && l.includes('troll_tom'))).toBe(true);
      expect(lines.some((l) => /kicked \*\*troll_tom/.test(l))).toBe(true);
      expect(lines.some((l) => /troll_tom\*\* .*left/.test(l))).toBe(true);
    });
  });
});
