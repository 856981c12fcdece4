// Role panels through the Discord stand-in and the real discord.js client: creating a
// panel posts its message with one button per role, a press toggles the role, a
// single-choice panel drops the panel's other role, a role above the bot's is refused
// with a clear ephemeral reply, and every change is in `roles` with roleAssigned.
import { events } from '@homelab/nats';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { membersWorld, rolesOf } from './members-discord-setup.ts';

const w = membersWorld();

interface PanelJson {
  id: string;
  messageId: string | null;
  channelId: string;
}

async function createPanel(body: unknown): Promise<PanelJson> {
  const res = await w.svc.post(`/api/guilds/${w.guild.id}/role-panels`, body);
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { panel: PanelJson }).panel;
}

describe('role panels in Discord', () => {
  let panel: PanelJson;

  it('posts the panel message with one button per role', async () => {
    panel = await createPanel({
      title: 'Pick a team',
      channelId: w.general.id,
      singleChoice: true,
      roles: [
        { roleId: w.roles.red.id, label: 'Red team' },
        { roleId: w.roles.blue.id, label: 'Blue team', emoji: '🔵' },
      ],
    });
    expect(panel.messageId).not.toBeNull();
    const message = w.standIn.messages.get(panel.messageId!);
    const ids = JSON.stringify(message?.components);
    expect(ids).toContain(`role:${panel.id}:${w.roles.red.id}`);
    expect(ids).toContain(`role:${panel.id}:${w.roles.blue.id}`);
    expect(JSON.stringify(message?.embeds)).toContain('Pick a team');
  });

  const press = (roleId: string, userId = w.pete.id) =>
    w.standIn.memberPressesButton({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId,
      customId: `role:${panel.id}:${roleId}`,
      messageId: panel.messageId!,
    });

  it('toggles a role: a press gives it (roleAssigned), another takes it away', async () => {
    const give = press(w.roles.red.id);
    const reply = await w.answer(give.id);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(/You now have \*\*Red\*\*/);
    expect(rolesOf(w, w.pete.id)).toContain(w.roles.red.id);
    await eventually(async () =>
      expect(w.eventsOf(events.roleAssigned).map((e) => e.envelope.data)).toContainEqual({
        guildId: w.guild.id,
        member: { userId: w.pete.id, username: 'pixel_pete' },
        roleId: w.roles.red.id,
        roleName: 'Red',
        assignedBy: { userId: w.pete.id, username: 'pixel_pete' },
      }),
    );

    const take = press(w.roles.red.id);
    expect((await w.answer(take.id)).content).toMatch(/Removed \*\*Red\*\*/);
    expect(rolesOf(w, w.pete.id)).not.toContain(w.roles.red.id);
  });

  it('on a single-choice panel, taking one role drops the other', async () => {
    expect((await w.answer(press(w.roles.red.id).id)).content).toMatch(/Red/);
    const blue = await w.answer(press(w.roles.blue.id).id);
    expect(blue.content).toMatch(/You now have \*\*Blue\*\*\. Removed \*\*Red\*\*/);
    expect(rolesOf(w, w.pete.id)).toContain(w.roles.blue.id);
    expect(rolesOf(w, w.pete.id)).not.toContain(w.roles.red.id);
    const changes = await w.sdb.db.prisma.roleChange.findMany({
      where: { userId: w.pete.id, source: 'panel' },
      orderBy: { createdAt: 'asc' },
    });
    expect(changes.map((c) => [c.roleId === w.roles.red.id ? 'red' : 'blue', c.action])).toEqual([
      ['red', 'added'],
      ['red', 'removed'],
      ['red', 'added'],
      ['blue', 'added'],
      ['red', 'removed'],
    ]);
  });

  it('refuses a role at or above the bot’s highest role, with a clear reply and no record', async () => {
    const high = await createPanel({
      title: 'Staff',
      channelId: w.general.id,
      roles: [{ roleId: w.highRole.id, label: 'Crew' }],
    });
    const before = await w.sdb.count('roles');
    const tryIt = w.standIn.memberPressesButton({
      guildId: w.guild.id,
      channelId: w.general.id,
      userId: w.pete.id,
      customId: `role:${high.id}:${w.highRole.id}`,
      messageId: high.messageId!,
    });
    const reply = await w.answer(tryIt.id);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toMatch(
      /cannot give or take \*\*Owner Crew\*\*: it is at or above my highest role/,
    );
    expect(rolesOf(w, w.pete.id)).not.toContain(w.highRole.id);
    expect(await w.sdb.count('roles')).toBe(before);
    expect(
      w.standIn.requests.some(
        (r) => r.method === 'PUT' && r.path.endsWith(`/roles/${w.highRole.id}`),
      ),
    ).toBe(false);
  });

  it('keeps no panel whose message cannot be posted', async () => {
    const before = await w.sdb.count('role_panels');
    const res = await w.svc.post(`/api/guilds/${w.guild.id}/role-panels`, {
      title: 'Nowhere',
      channelId: '1122334455667788990',
      roles: [{ roleId: w.roles.red.id, label: 'Red' }],
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
      /not a text channel the bot can see/,
    );
    expect(await w.sdb.count('role_panels')).toBe(before);
  });

  it('edits the posted message when the panel changes and deletes it with the panel', async () => {
    const res = await w.svc.put(`/api/guilds/${w.guild.id}/role-panels/${panel.id}`, {
      title: 'Pick a colour',
      channelId: w.general.id,
      roles: [{ roleId: w.roles.red.id, label: 'Red' }],
    });
    expect(res.status).toBe(200);
    await eventually(async () =>
      expect(JSON.stringify(w.standIn.messages.get(panel.messageId!)?.embeds)).toContain(
        'Pick a colour',
      ),
    );
    expect((await w.svc.del(`/api/guilds/${w.guild.id}/role-panels/${panel.id}`)).status).toBe(200);
    await eventually(async () =>
      expect(w.standIn.messages.get(panel.messageId!)?.deleted).toBe(true),
    );
  });
});
