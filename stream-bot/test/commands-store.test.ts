// The bot configuration store against a real, migrated PostgreSQL database:
// defaults without a row, partial updates, validation that writes nothing,
// commands and timers with their unique names, and the change listeners.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type OpenedDatabase } from '@homelab/nats/db';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { createServiceDatabase } from '../../tools/test-env/databases.ts';
import { createBotConfigStore, type BotConfigStore } from '../src/db/bot-config-store.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

let db: OpenedDatabase<PrismaClient>;
let store: BotConfigStore;
let twitchUser: string;
let localUser: string;

beforeAll(async () => {
  const database = await createServiceDatabase(inject('pgAdminUrl'), 'streambot_cfg');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cfg-store-'));
  db = await openDatabase({
    url: database.url,
    dataDir,
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  store = createBotConfigStore(db);
  twitchUser = (
    await db.prisma.user.create({
      data: { twitchId: '1001', login: 'pixel_pete', displayName: 'Pixel_Pete' },
    })
  ).id;
  localUser = (await db.prisma.user.create({ data: { login: 'admin', displayName: 'admin' } })).id;
  return async () => {
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
});

const count = (table: string) =>
  db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`).then((r) => r[0]!.n);

describe('bot settings', () => {
  it('gives defaults without a row: the own channel for a Twitch account, none for the local one', async () => {
    const s = await store.get(twitchUser);
    expect(s).toMatchObject({
      enabled: false,
      channels: ['pixel_pete'],
      prefix: '!',
      builtinCommands: { fact: true, commands: true, uptime: true },
      factSettings: { cooldownSeconds: 15, userCooldownSeconds: 60, prefix: '' },
    });
    expect((await store.get(localUser)).channels).toEqual([]);
    expect(await count('bot_config')).toBe(0);
  });

  it('updates part of the settings, normalising channels and merging JSON groups', async () => {
    const heard: string[] = [];
    const off = store.onChange((userId, what) => heard.push(`${userId}:${what}`));
    const s = await store.update(twitchUser, {
      channels: ['#Pixel_Pete', 'retro_evenings', 'pixel_pete'],
      builtinCommands: { uptime: false },
    });
    off();
    expect(s.channels).toEqual(['pixel_pete', 'retro_evenings']);
    expect(s.builtinCommands).toEqual({
      fact: true,
      commands: true,
      uptime: false,
      song: true,
      sr: true,
      skip: true,
    });
    expect(heard).toEqual([`${twitchUser}:settings`]);
    const again = await store.update(twitchUser, { prefix: '?', enabled: true });
    expect(again).toMatchObject({
      prefix: '?',
      enabled: true,
      channels: ['pixel_pete', 'retro_evenings'],
    });
    expect((await store.enabledBots()).map((b) => b.userId)).toEqual([twitchUser]);
  });

  it('keeps both of two concurrent partial updates', async () => {
    await Promise.all([
      store.update(localUser, { builtinCommands: { fact: false } }),
      store.update(localUser, { builtinCommands: { uptime: false } }),
      store.update(localUser, { factSettings: { prefix: 'Did you know?' } }),
    ]);
    const s = await store.get(localUser);
    expect(s.builtinCommands).toEqual({
      fact: false,
      commands: true,
      uptime: false,
      song: true,
      sr: true,
      skip: true,
    });
    expect(s.factSettings.prefix).toBe('Did you know?');
  });

  it.each([
    [{ channels: ['ab'] }, /channels\.0: "ab" is not a Twitch login/],
    [{ channels: ['has space'] }, /not a Twitch login/],
    [{ channels: Array.from({ length: 21 }, (_, i) => `channel_${i}`) }, /at most 20 channels/],
    [{ prefix: '' }, /prefix is 1-3 characters/],
    [{ prefix: '!!!!' }, /prefix is 1-3 characters/],
    [{ prefix: '! ' }, /prefix is 1-3 characters/],
    [{ factSettings: { cooldownSeconds: -1 } }, /factSettings\.cooldownSeconds/],
    [{ builtinCommands: { dance: true } }, /builtinCommands: Unrecognized key/],
    [{ colour: 'red' }, /Unrecognized key: "colour"/],
  ])('refuses %j and writes nothing', async (patch, message) => {
    const before = await store.get(twitchUser);
    await expect(store.update(twitchUser, patch as never)).rejects.toThrow(message);
    expect(await store.get(twitchUser)).toEqual(before);
  });
});

describe('custom commands', () => {
  it('creates, renames, counts and deletes a command', async () => {
    const c = await store.createCommand(twitchUser, { name: 'Discord', response: 'Join {user}!' });
    expect(c).toMatchObject({ name: 'discord', permission: 'everyone', useCount: 0 });
    expect(await store.countUse(twitchUser, 'discord')).toBe(1);
    expect(await store.countUse(twitchUser, 'discord')).toBe(2);
    const renamed = await store.updateCommand(twitchUser, 'discord', { name: 'dc' });
    expect(renamed).toMatchObject({ name: 'dc', useCount: 2 });
    await store.deleteCommand(twitchUser, 'dc');
    expect(await store.listCommands(twitchUser)).toEqual([]);
    expect(await store.countUse(twitchUser, 'dc')).toBeNull();
  });

  it('refuses a taken name with a conflict, per user', async () => {
    await store.createCommand(twitchUser, { name: 'lurk', response: 'bye' });
    await store.createCommand(localUser, { name: 'lurk', response: 'bye' });
    await expect(
      store.createCommand(twitchUser, { name: 'LURK', response: 'x' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await store.createCommand(twitchUser, { name: 'hug', response: 'x' });
    await expect(store.updateCommand(twitchUser, 'hug', { name: 'lurk' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it.each([
    [{ name: 'fact', response: 'x' }, /built-in command/],
    [{ name: '!so', response: 'x' }, /without the prefix/],
    [{ name: 'a'.repeat(31), response: 'x' }, /1-30 characters/],
    [{ name: 'ok', response: '   ' }, /response must not be empty/],
    [{ name: 'ok', response: 'x'.repeat(501) }, /longer than 500/],
    [{ name: 'ok', response: 'x', permission: 'admin' }, /permission must be one of/],
    [{ name: 'ok', response: 'x', userCooldownSeconds: 86401 }, /at most 86400/],
    [{ name: 'ok', response: 'x', globalCooldownSeconds: 1.5 }, /whole number/],
  ])('refuses %j and writes nothing', async (input, message) => {
    const before = await count('bot_commands');
    await expect(store.createCommand(twitchUser, input as never)).rejects.toThrow(message);
    expect(await count('bot_commands')).toBe(before);
  });
});

describe('timers', () => {
  it('creates, updates and deletes a timer; names are unique per user', async () => {
    const t = await store.createTimer(twitchUser, {
      name: 'socials',
      message: 'Follow!',
      intervalMinutes: 10,
    });
    expect(t).toMatchObject({ minChatLines: 5, enabled: true });
    await expect(
      store.createTimer(twitchUser, { name: 'socials', message: 'x', intervalMinutes: 5 }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const u = await store.updateTimer(twitchUser, t.id, { minChatLines: 0 });
    expect(u.minChatLines).toBe(0);
    await expect(store.updateTimer(localUser, t.id, { minChatLines: 1 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(store.deleteTimer(twitchUser, 'not-a-uuid')).rejects.toMatchObject({
      code: 'not_found',
    });
    await store.deleteTimer(twitchUser, t.id);
    expect(await store.listTimers(twitchUser)).toEqual([]);
  });

  it.each([
    [{ name: 't', message: 'x', intervalMinutes: 0 }, /at least 1/],
    [{ name: 't', message: 'x', intervalMinutes: 1441 }, /at most 1440/],
    [{ name: 't', message: 'x', intervalMinutes: 5, minChatLines: 1001 }, /at most 1000/],
    [{ name: '', message: 'x', intervalMinutes: 5 }, /name must not be empty/],
    [{ name: 't', message: '', intervalMinutes: 5 }, /message must not be empty/],
  ])('refuses %j and writes nothing', async (input, message) => {
    await expect(store.createTimer(twitchUser, input as never)).rejects.toThrow(message);
    expect(await count('bot_timers')).toBe(0);
  });
});

describe('on the embedded PGlite database (npm start’s default)', () => {
  it('saves settings, commands and timers, and counts uses with their event', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'cfg-pglite-'));
    const lite = await openDatabase({
      dataDir,
      migrationsDir: MIGRATIONS,
      createClient: (adapter) => new PrismaClient({ adapter }),
    });
    try {
      expect(lite.kind).toBe('pglite');
      const s = createBotConfigStore(lite);
      const { id } = await lite.prisma.user.create({
        data: { twitchId: '42', login: 'lite_user', displayName: 'Lite_User' },
      });
      await Promise.all([
        s.update(id, { builtinCommands: { fact: false } }),
        s.update(id, { prefix: '?' }),
      ]);
      expect(await s.get(id)).toMatchObject({
        channels: ['lite_user'],
        prefix: '?',
        builtinCommands: { fact: false },
      });
      await s.createCommand(id, { name: 'hi', response: 'hello {user}' });
      const run = { platform: 'twitch', channel: 'lite_user', chatter: 'x', via: 'chat' } as const;
      expect(await s.recordRun(id, { ...run, command: 'hi' }, true)).toBe(1);
      expect(await s.recordRun(id, { ...run, command: 'fact' }, false)).toBeNull();
      const [outbox] = await lite.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_events WHERE subject LIKE '%command.run%'`,
      );
      expect(outbox?.n).toBe(2);
      await s.createTimer(id, { name: 't', message: 'm', intervalMinutes: 1 });
      expect(await s.listTimers(id)).toHaveLength(1);
    } finally {
      await lite.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
