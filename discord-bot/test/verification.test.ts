// The verification gate through the Discord stand-in and the real discord.js client:
// the unverified role on join, the verify panel, the Verify button (with and without a
// question), wrong answers recorded, and POST /api/verify once the bot is connected.
import { events } from '@homelab/nats';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { membersWorld, rolesOf } from './members-discord-setup.ts';

const w = membersWorld();

describe('verification', () => {
  it('gives a joining member the unverified role and logs the join', async () => {
    const newbie = w.standIn.user({ username: 'new_nora' });
    w.standIn.memberJoins(w.guild.id, newbie);
    await eventually(async () => {
      expect(rolesOf(w, newbie.id)).toEqual([w.roles.unverified.id]);
      const lines = w.standIn.channelMessages(w.logChannel.id).map((m) => m.content);
      expect(lines.some((l) => l.includes('new_nora') && l.includes('joined'))).toBe(true);
      expect(
        await w.sdb.db.prisma.roleChange.count({
          where: { userId: newbie.id, roleId: w.roles.unverified.id, source: 'verification' },
        }),
      ).toBe(1);
    });
  });

  it('posts the verify panel in a channel', async () => {
    const res = await w.svc.post(`/api/guilds/${w.guild.id}/verify-panel`, {
      channelId: w.general.id,
    });
    expect(res.status).toBe(201);
    const { panel } = (await res.json()) as { panel: { messageId: string } };
    const message = w.standIn.messages.get(panel.messageId);
    expect(JSON.stringify(message?.components)).toContain(`verify:start:${w.guild.id}`);
    const bad = await w.svc.post(`/api/guilds/${w.guild.id}/verify-panel`, { channelId: 'x' });
    expect(bad.status).toBe(400);
  });

  it('verifies a member who presses Verify: verified role given, unverified taken, event', async () => {
    const member = w.standIn.user({ username: 'verify_vic' });
    w.standIn.memberJoins(w.guild.id, member);
    await eventually(async () => expect(rolesOf(w, member.id)).toEqual([w.roles.unverified.id]));
    const press = w.standIn.memberPressesButton({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId: member.id,
      customId: `verify:start:${w.guild.id}`,
    });
    expect((await w.answer(press.id)).content).toMatch(/You are verified/);
    expect(rolesOf(w, member.id)).toEqual([w.roles.verified.id]);
    await eventually(async () => {
      expect(w.eventsOf(events.memberVerified).map((e) => e.envelope.data)).toContainEqual({
        guildId: w.guild.id,
        member: { userId: member.id, username: 'verify_vic' },
        method: 'button',
      });
      expect(w.eventsOf(events.roleAssigned).map((e) => e.envelope.data)).toContainEqual({
        guildId: w.guild.id,
        member: { userId: member.id, username: 'verify_vic' },
        roleId: w.roles.verified.id,
        roleName: 'Verified',
        assignedBy: null,
      });
    });
    const rows = await w.sdb.db.prisma.verification.findMany({ where: { userId: member.id } });
    expect(rows.map((r) => [r.outcome, r.via])).toEqual([['verified', 'button']]);
  });

  it('asks the question in a modal; a wrong answer is recorded, the right one verifies', async () => {
    await w.sdb.db.prisma.guildSettings.update({
      where: { guildId: w.guild.id },
      data: { verificationQuestion: 'What is the password?', verificationAnswer: 'Homelab' },
    });
    const member = w.standIn.user({ username: 'quiz_quinn' });
    w.standIn.memberJoins(w.guild.id, member);
    await eventually(async () => expect(rolesOf(w, member.id)).toEqual([w.roles.unverified.id]));
    const base = { guildId: w.guild.id, channelId: w.general.id, userId: member.id };
    const press = w.standIn.memberPressesButton({
      ...base,
      customId: `verify:start:${w.guild.id}`,
    });
    const modal = await w.standIn.waitForResponse(press.id, (r) => r.type === 9);
    expect(JSON.stringify(modal.data)).toContain('What is the password?');

    const wrong = w.standIn.memberSubmitsModal({
      ...base,
      customId: `verify:answer:${w.guild.id}`,
      fields: { answer: 'swordfish' },
    });
    expect((await w.answer(wrong.id)).content).toMatch(/not the right answer/);
    expect(rolesOf(w, member.id)).toEqual([w.roles.unverified.id]);

    const right = w.standIn.memberSubmitsModal({
      ...base,
      customId: `verify:answer:${w.guild.id}`,
      fields: { answer: '  homelab ' },
    });
    expect((await w.answer(right.id)).content).toMatch(/You are verified/);
    expect(rolesOf(w, member.id)).toEqual([w.roles.verified.id]);
    const rows = await w.sdb.db.prisma.verification.findMany({
      where: { userId: member.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.outcome, r.answer])).toEqual([
      ['wrong_answer', 'swordfish'],
      ['verified', '  homelab '],
    ]);
  });

  it('verifies from the web UI (POST /api/verify) now that the bot is connected', async () => {
    const res = await w.svc.post('/api/verify', { guildId: w.guild.id, userId: w.pete.id });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'verified' });
    expect(rolesOf(w, w.pete.id)).toContain(w.roles.verified.id);
    await eventually(async () =>
      expect(w.eventsOf(events.memberVerified).map((e) => e.envelope.data)).toContainEqual({
        guildId: w.guild.id,
        member: { userId: w.pete.id, username: 'pixel_pete' },
        method: 'manual',
      }),
    );
    const stranger = await w.svc.post('/api/verify', {
      guildId: w.guild.id,
      userId: '312456789012345699',
    });
    expect(stranger.status).toBe(404);
  });
});
