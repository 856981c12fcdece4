// Role panels over HTTP against the real service: create, read, replace, delete,
// validation that writes nothing, unknown guilds and panels; role changes recorded
// through the store reach a NATS consumer (roleAssigned); POST /api/verify without
// the bot's Discord connection is a clear 503 that writes nothing.
import { events, type SubscribedEvent } from '@homelab/nats';
import { beforeAll, describe, expect, it } from 'vitest';
import { watchEvents } from '../../tools/test-env/service-harness.ts';
import { createRolePanelStore } from '../src/db/role-panel-store.ts';
import { startTestService, type TestService } from './harness.ts';
import { openServiceDb, type ServiceDb } from './members-setup.ts';

const G1 = '1098765432109876543';
const UNKNOWN_GUILD = '1098765432109876599';
const CHANNEL = '1122334455667788990';
const ROLE_RED = '1011121314151617181';
const ROLE_BLUE = '1011121314151617182';
const PETE = { userId: '312456789012345678', username: 'pixel_pete' };

let svc: TestService;
let sdb: ServiceDb;
const seen: SubscribedEvent[] = [];

beforeAll(async () => {
  svc = await startTestService();
  sdb = await openServiceDb(svc);
  const watch = await watchEvents('DISCORD_EVENTS', seen);
  await sdb.addGuild(G1, 'Homelab Friends');
  return async () => {
    await watch.stop();
    await sdb.close();
    await svc.stop();
  };
});

const panel = {
  title: 'Pick a colour',
  channelId: CHANNEL,
  singleChoice: true,
  roles: [
    { roleId: ROLE_RED, label: 'Red', emoji: '🔴' },
    { roleId: ROLE_BLUE, label: 'Blue' },
  ],
};

interface PanelJson {
  id: string;
  guildId: string;
  title: string;
  channelId: string;
  messageId: string | null;
  singleChoice: boolean;
  roles: { roleId: string; label: string; emoji: string | null }[];
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('role panels API', () => {
  let id = '';

  it('creates a panel and lists it', async () => {
    const res = await svc.post(`/api/guilds/${G1}/role-panels`, panel);
    expect(res.status).toBe(201);
    const created = ((await res.json()) as { panel: PanelJson }).panel;
    id = created.id;
    expect(created).toMatchObject({
      guildId: G1,
      title: 'Pick a colour',
      channelId: CHANNEL,
      messageId: null,
      singleChoice: true,
      roles: [
        { roleId: ROLE_RED, label: 'Red', emoji: '🔴' },
        { roleId: ROLE_BLUE, label: 'Blue', emoji: null },
      ],
    });
    const list = (await (await svc.get(`/api/guilds/${G1}/role-panels`)).json()) as {
      panels: PanelJson[];
    };
    expect(list.panels.map((p) => p.id)).toEqual([id]);
    const one = (await (await svc.get(`/api/guilds/${G1}/role-panels/${id}`)).json()) as {
      panel: PanelJson;
    };
    expect(one.panel.title).toBe('Pick a colour');
  });

  it('replaces a panel', async () => {
    const res = await svc.put(`/api/guilds/${G1}/role-panels/${id}`, {
      ...panel,
      title: 'Colours',
      singleChoice: false,
      roles: [{ roleId: ROLE_BLUE, label: 'Blue team' }],
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { panel: PanelJson };
    expect(body.panel).toMatchObject({
      id,
      title: 'Colours',
      singleChoice: false,
      roles: [{ roleId: ROLE_BLUE, label: 'Blue team', emoji: null }],
    });
  });

  it('refuses a bad panel with what is wrong, writing nothing', async () => {
    const many = Array.from({ length: 26 }, (_, i) => ({
      roleId: `10111213141516${String(1000 + i)}`,
      label: `Role ${i}`,
    }));
    const cases: [unknown, RegExp][] = [
      [{ ...panel, title: '  ' }, /title: a panel needs a title/],
      [{ ...panel, channelId: 'general' }, /channelId: expected a Discord id/],
      [{ ...panel, roles: [] }, /roles: a panel needs at least one role/],
      [{ ...panel, roles: many }, /at most 25 roles/],
      [{ ...panel, roles: [{ roleId: ROLE_RED, label: '' }] }, /a button needs a label/],
      [{ ...panel, roles: [panel.roles[0], panel.roles[0]] }, /a role appears twice/],
      [{ ...panel, colour: 'red' }, /colour/],
    ];
    for (const [body, message] of cases) {
      const res = await svc.post(`/api/guilds/${G1}/role-panels`, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect((await errorOf(res)).message).toMatch(message);
    }
    const bad = await svc.request(`/api/guilds/${G1}/role-panels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/not valid JSON/);
    const put = await svc.put(`/api/guilds/${G1}/role-panels/${id}`, { ...panel, roles: [] });
    expect(put.status).toBe(400);
    expect(await sdb.count('role_panels')).toBe(1);
    const stored = await sdb.db.prisma.rolePanel.findUniqueOrThrow({ where: { id } });
    expect(stored.title).toBe('Colours');
  });

  it('answers 404 for a guild the bot is not in and a panel that does not exist', async () => {
    const res = await svc.post(`/api/guilds/${UNKNOWN_GUILD}/role-panels`, panel);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).message).toMatch(/the bot is not in guild/);
    expect((await svc.get(`/api/guilds/${G1}/role-panels/not-a-uuid`)).status).toBe(404);
    const gone = await svc.del(
      `/api/guilds/${G1}/role-panels/7c1e2d4f-3b5a-4c6d-8e9f-0a1b2c3d4e5f`,
    );
    expect(gone.status).toBe(404);
    expect((await svc.get('/api/guilds/abc/role-panels')).status).toBe(400);
    expect(await sdb.count('role_panels')).toBe(1);
  });

  it('deletes a panel', async () => {
    const res = await svc.del(`/api/guilds/${G1}/role-panels/${id}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ deleted: id });
    expect(await sdb.count('role_panels')).toBe(0);
    expect((await svc.get(`/api/guilds/${G1}/role-panels/${id}`)).status).toBe(404);
  });
});

describe('role changes', () => {
  it('records every change and publishes roleAssigned for an added role', async () => {
    const store = createRolePanelStore(sdb.db);
    await store.recordChanges([
      {
        guildId: G1,
        member: PETE,
        roleId: ROLE_RED,
        roleName: 'Red',
        action: 'added',
        source: 'panel',
        actor: PETE,
      },
      {
        guildId: G1,
        member: PETE,
        roleId: ROLE_BLUE,
        roleName: 'Blue',
        action: 'removed',
        source: 'panel',
        actor: PETE,
      },
    ]);
    expect(await sdb.count('roles')).toBe(2);
    await expect
      .poll(() => seen.filter((e) => e.subject === events.roleAssigned.subject).length)
      .toBe(1);
    expect(seen.find((e) => e.subject === events.roleAssigned.subject)!.envelope.data).toEqual({
      guildId: G1,
      member: PETE,
      roleId: ROLE_RED,
      roleName: 'Red',
      assignedBy: PETE,
    });
  });
});

describe('POST /api/verify', () => {
  it('checks its body first', async () => {
    const res = await svc.post('/api/verify', { guildId: G1 });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toMatch(/userId/);
  });

  it('says verification is not set up when the guild has no verified role', async () => {
    const res = await svc.post('/api/verify', { guildId: G1, userId: PETE.userId });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).message).toMatch(/choose the verified role/);
  });

  it('answers 503 while the bot is not connected, writing nothing', async () => {
    await sdb.db.prisma.guildSettings.create({
      data: { guildId: G1, verifiedRoleId: ROLE_BLUE, unverifiedRoleId: ROLE_RED },
    });
    const before = await sdb.count('outbox_events');
    const res = await svc.post('/api/verify', { guildId: G1, userId: PETE.userId });
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/not connected to Discord: set DISCORD_TOKEN/);
    expect(await sdb.count('verification')).toBe(0);
    expect(await sdb.count('outbox_events')).toBe(before);
  });

  it('answers 404 for a guild the bot is not in', async () => {
    const res = await svc.post('/api/verify', { guildId: UNKNOWN_GUILD, userId: PETE.userId });
    expect(res.status).toBe(404);
  });

  it('cannot post the verify panel while the bot is not connected', async () => {
    const res = await svc.post(`/api/guilds/${G1}/verify-panel`, { channelId: CHANNEL });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).message).toMatch(/cannot post the verify panel: the bot is not/);
    const bad = await svc.post(`/api/guilds/${G1}/verify-panel`, { channel: CHANNEL });
    expect(bad.status).toBe(400);
  });
});
