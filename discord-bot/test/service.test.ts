import { events, queries, request, type SubscribedEvent } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { watchEvents } from '../../tools/test-env/service-harness.ts';
import {
  expectDatabaseOutageReported,
  expectReady,
  expectStartAnnounced,
} from '../../tools/test-env/service-checks.ts';
import { startTestService, type TestService } from './harness.ts';

let svc: TestService;
let dashboard: NatsConnection;
const seen: SubscribedEvent[] = [];

beforeAll(async () => {
  svc = await startTestService();
  const watch = await watchEvents('DISCORD_EVENTS', seen);
  dashboard = watch.nc;
  return async () => {
    await watch.stop();
    await svc.stop();
  };
});

/** Puts a guild row in discord-bot's own database, as the gateway integration later will. */
async function insertGuild(
  id: string,
  name: string,
  memberCount: number,
  leftAt: Date | null = null,
) {
  const client = new pg.Client({ connectionString: svc.database!.url });
  await client.connect();
  try {
    await client.query(
      'INSERT INTO guilds (id, name, member_count, joined_at, left_at) VALUES ($1, $2, $3, $4, $5)',
      [id, name, memberCount, new Date('2026-01-02T03:04:05.000Z'), leftAt],
    );
  } finally {
    await client.end();
  }
}

describe('discord-bot in-process', () => {
  it('is ready once its database and NATS answer', async () => {
    await expectReady(svc, 'discord-bot');
  });

  it('announces its start on the bus through the outbox', async () => {
    await expectStartAnnounced(seen, events.discordServiceStarted, svc.service.instanceId);
  });

  it('lists no guilds while it is in none, over HTTP and NATS', async () => {
    expect(await (await svc.get('/api/guilds')).json()).toEqual({ guilds: [] });
    expect(await request(dashboard, queries.guildsList, {})).toEqual({ guilds: [] });
  });

  it('lists the guilds it is in and leaves out those it left', async () => {
    await insertGuild('1098765432109876543', 'Homelab Friends', 342);
    await insertGuild('1098765432109876544', 'Old Server', 12, new Date());
    const expected = {
      guilds: [
        {
          guildId: '1098765432109876543',
          name: 'Homelab Friends',
          memberCount: 342,
          joinedAt: '2026-01-02T03:04:05.000Z',
        },
      ],
    };
    expect(await (await svc.get('/api/guilds')).json()).toEqual(expected);
    expect(await request(dashboard, queries.guildsList, {})).toEqual(expected);
  });

  it('answers the ticket and moderation queries with what exists: nothing yet', async () => {
    expect(await request(dashboard, queries.ticketsOpenSummary, {})).toEqual({
      open: 0,
      claimed: 0,
      unclaimed: 0,
      oldestOpenedAt: null,
    });
    expect(await request(dashboard, queries.ticketsList, { status: 'open' })).toEqual({
      tickets: [],
    });
    expect(await request(dashboard, queries.moderationRecent, { limit: 5 })).toEqual({
      actions: [],
    });
  });

  it('reports 503 naming the database while it is unreachable, and recovers', async () => {
    await expectDatabaseOutageReported(svc);
  });
});
