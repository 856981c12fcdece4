// The user store on the service's migrated Postgres database: tokens are sealed
// on the way in and opened on the way out, the local account and Twitch
// accounts do not take each other's names.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSecretBox } from '@homelab/nats/web';
import { openSql, type OpenedSql } from '../../tools/test-env/pg-sql.ts';
import { createUserStore, type TwitchTokens } from '../src/db/user-store.ts';
import { startTestService, type TestService } from './harness.ts';

let svc: TestService;
let sql: OpenedSql;
const box = createSecretBox(randomBytes(32));

beforeAll(async () => {
  svc = await startTestService();
  sql = openSql(svc.database!.url);
});
afterAll(async () => {
  await sql.end();
  await svc.stop();
});

const tokens = (access: string): TwitchTokens => ({
  accessToken: access,
  refreshToken: `${access}-refresh`,
  expiresAt: new Date('2030-01-01T00:00:00Z'),
  scopes: ['chat:read', 'chat:edit'],
});

it('seals tokens in the row and opens them for the bot; saving new ones replaces them', async () => {
  const users = createUserStore({ sql }, box);
  const user = await users.upsertTwitchUser({
    twitchId: '1001',
    login: 'caster',
    displayName: 'Caster',
    scopes: ['chat:read', 'chat:edit'],
    tokens: tokens('access-one'),
  });
  expect(await users.byId(user.id)).toEqual(user);
  expect(await users.twitchTokens(user.id)).toEqual(tokens('access-one'));
  const raw = await sql.query('SELECT * FROM users WHERE id = $1', [user.id]);
  expect(JSON.stringify(raw)).not.toContain('access-one');

  await users.saveTwitchTokens(user.id, tokens('access-two'));
  expect(await users.twitchTokens(user.id)).toEqual(tokens('access-two'));

  // Another key cannot open them; without a key nothing is stored or read.
  await expect(
    createUserStore({ sql }, createSecretBox(randomBytes(32))).twitchTokens(user.id),
  ).rejects.toThrow();
  await expect(createUserStore({ sql }).twitchTokens(user.id)).rejects.toThrow(
    /TOKEN_ENCRYPTION_KEY/,
  );
  expect(await users.twitchTokens('not-a-uuid')).toBeNull();
  expect(await users.byId('not-a-uuid')).toBeNull();
});

it('keeps the local account and a Twitch account of the same name apart', async () => {
  const users = createUserStore({ sql }, box);
  const local = await users.ensureLocalUser('admin');
  expect(local.twitchId).toBeNull();
  expect(await users.ensureLocalUser('admin')).toEqual(local);
  expect(await users.twitchTokens(local.id)).toBeNull();
  await expect(
    users.upsertTwitchUser({
      twitchId: '2002',
      login: 'admin',
      displayName: 'Admin',
      scopes: [],
      tokens: tokens('x'),
    }),
  ).rejects.toThrow(/WEB_USERNAME/);
  await expect(users.saveTwitchTokens(local.id, tokens('y'))).rejects.toThrow(/no Twitch user/);
});

it('lets a Twitch login move to another account after a rename', async () => {
  const users = createUserStore({ sql }, box);
  const old = await users.upsertTwitchUser({
    twitchId: '3003',
    login: 'popular',
    displayName: 'Popular',
    scopes: [],
    tokens: tokens('a'),
  });
  const taker = await users.upsertTwitchUser({
    twitchId: '3004',
    login: 'popular',
    displayName: 'Popular',
    scopes: [],
    tokens: tokens('b'),
  });
  expect(taker.id).not.toBe(old.id);
  expect((await users.byId(old.id))?.login).toBe('popular~3003');
});
