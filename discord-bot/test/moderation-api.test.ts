// GET /api/moderation against the real service: filters, keyset paging, clear 400s;
// actions recorded through the store reach a NATS consumer (moderationActionTaken)
// and the moderationRecent query.
import { events, queries, request, type SubscribedEvent } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { beforeAll, describe, expect, it } from 'vitest';
import { watchEvents } from '../../tools/test-env/service-harness.ts';
import { createModerationStore } from '../src/db/moderation-store.ts';
import type { ModerationStore, NewModerationAction } from '../src/moderation/moderation.ts';
import { startTestService, type TestService } from './harness.ts';
import { openServiceDb, type ServiceDb } from './members-setup.ts';

const G1 = '1098765432109876543';
const G2 = '1098765432109876544';
const MOD = { userId: '298765432109876543', username: 'mod_maria' };
const MOD2 = { userId: '298765432109876544', username: 'mod_max' };
const PETE = { userId: '312456789012345678', username: 'pixel_pete' };
const TOM = { userId: '312456789012345679', username: 'troll_tom' };

let svc: TestService;
let sdb: ServiceDb;
let store: ModerationStore;
let dashboard: NatsConnection;
const seen: SubscribedEvent[] = [];

beforeAll(async () => {
  svc = await startTestService();
  sdb = await openServiceDb(svc);
  store = createModerationStore(sdb.db);
  const watch = await watchEvents('DISCORD_EVENTS', seen);
  dashboard = watch.nc;
  await sdb.addGuild(G1, 'Homelab Friends');
  await sdb.addGuild(G2, 'Other Server');
  return async () => {
    await watch.stop();
    await sdb.close();
    await svc.stop();
  };
});

const action = (over: Partial<NewModerationAction>): NewModerationAction => ({
  guildId: G1,
  action: 'warn',
  moderator: MOD,
  target: PETE,
  reason: null,
  durationSeconds: null,
  ...over,
});

async function list(query = '') {
  const res = await svc.get(`/api/moderation${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    actions: { id: string; action: string; guildId: string; target: { userId: string } }[];
    nextCursor: string | null;
  };
}

describe('moderation log', () => {
  it('is empty before any action', async () => {
    expect(await list()).toEqual({ actions: [], nextCursor: null });
  });

  it('records an action and publishes moderationActionTaken through the outbox', async () => {
    const entry = await store.record(
      action({ action: 'timeout', reason: 'Spam in #general', durationSeconds: 600 }),
    );
    await expect
      .poll(() => seen.filter((e) => e.subject === events.moderationActionTaken.subject).length)
      .toBe(1);
    const event = seen.find((e) => e.subject === events.moderationActionTaken.subject)!;
    expect(event.envelope.data).toEqual({
      actionId: entry.id,
      guildId: G1,
      action: 'timeout',
      target: PETE,
      moderator: MOD,
      reason: 'Spam in #general',
      durationSeconds: 600,
    });
    const body = await list();
    expect(body.actions).toEqual([
      {
        id: entry.id,
        guildId: G1,
        action: 'timeout',
        moderator: MOD,
        target: PETE,
        reason: 'Spam in #general',
        durationSeconds: 600,
        createdAt: entry.createdAt.toISOString(),
      },
    ]);
  });

  it('refuses an action that makes no sense, writing nothing', async () => {
    const before = await sdb.count('moderation_logs');
    const outboxBefore = await sdb.count('outbox_events');
    await expect(store.record(action({ action: 'timeout' }))).rejects.toThrow(/duration/);
    await expect(store.record(action({ durationSeconds: 60 }))).rejects.toThrow(/only a timeout/);
    await expect(store.record(action({ reason: 'x'.repeat(513) }))).rejects.toThrow(/reason/);
    expect(await sdb.count('moderation_logs')).toBe(before);
    expect(await sdb.count('outbox_events')).toBe(outboxBefore);
  });

  it('filters by guild, action, target, moderator and since', async () => {
    await store.record(action({ action: 'warn', target: TOM }));
    await store.record(action({ action: 'kick', target: TOM, moderator: MOD2 }));
    await store.record(action({ guildId: G2, action: 'ban', target: TOM }));
    expect((await list()).actions).toHaveLength(4);
    expect((await list(`?guild=${G2}`)).actions.map((a) => a.action)).toEqual(['ban']);
    expect((await list('?action=warn')).actions).toHaveLength(1);
    expect((await list(`?target=${TOM.userId}`)).actions.map((a) => a.action)).toEqual([
      'ban',
      'kick',
      'warn',
    ]);
    expect((await list(`?moderator=${MOD2.userId}`)).actions.map((a) => a.action)).toEqual([
      'kick',
    ]);
    expect(
      (await list(`?guild=${G1}&target=${TOM.userId}&action=kick`)).actions.map((a) => a.action),
    ).toEqual(['kick']);
    expect((await list('?since=2999-01-01T00:00:00Z')).actions).toEqual([]);
    expect((await list('?since=2000-01-01')).actions).toHaveLength(4);
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await store.record(action({ reason: `warning ${i}` }));
    const all = (await list('?limit=100')).actions.map((a) => a.id);
    expect(all).toHaveLength(9);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...body.actions.map((a) => a.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(paged).toEqual(all);
  });

  it('answers the moderationRecent query from the log', async () => {
    const res = await request(dashboard, queries.moderationRecent, { guildId: G2, limit: 5 });
    expect(res.actions).toHaveLength(1);
    expect(res.actions[0]).toMatchObject({
      guildId: G2,
      action: 'ban',
      target: TOM,
      moderator: MOD,
    });
    expect((await request(dashboard, queries.moderationRecent, { limit: 3 })).actions).toHaveLength(
      3,
    );
  });

  it('says what is wrong with a bad query', async () => {
    const cases: [string, RegExp][] = [
      ['?guild=abc', /guild "abc" is not a Discord id/],
      ['?action=mute', /action "mute" is not one of warn, timeout, kick, ban/],
      ['?target=1', /target "1" is not a Discord id/],
      ['?moderator=x', /moderator "x" is not a Discord id/],
      ['?since=yesterday', /since "yesterday" is not a date/],
      ['?limit=0', /limit must be a whole number from 1 to 100/],
      ['?limit=two', /limit "two" is not a whole number/],
      ['?cursor=bogus', /cursor is not one this service gave out/],
      ['?sort=asc', /unknown query parameter sort/],
    ];
    for (const [query, message] of cases) {
      const res = await svc.get(`/api/moderation${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message).toMatch(message);
    }
  });
});
