// Writes to another service's data are impossible by construction: the
// dashboard's own NATS user (the credentials its service runs with) cannot
// publish their events into their streams nor answer their queries, and its
// HTTP API has no route that writes stream-bot's or discord-bot's data.
import {
  closeBus,
  ensureStreams,
  events,
  makeEnvelope,
  queries,
  STREAMS,
  type EventContract,
} from '@homelab/nats';
import { NatsError, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';

let asDashboard: NatsConnection;
let dashboard: TestService;

beforeAll(async () => {
  for (const owner of ['streambot', 'discord'] as const) {
    const nc = await connectAs(owner);
    await ensureStreams(nc, owner);
    await closeBus(nc);
  }
  asDashboard = await connectAs('dashboard');
  dashboard = await startTestService();
});
afterAll(async () => {
  if (asDashboard) await closeBus(asDashboard);
  await dashboard?.stop();
});

async function messages(stream: string): Promise<number> {
  return (await (await asDashboard.jetstreamManager()).streams.info(stream)).state.messages;
}

/** Subscribes and reports whether the server closed the subscription for lack of permission. */
async function subscribeRefused(subject: string): Promise<boolean> {
  const sub = asDashboard.subscribe(subject);
  const closed = await Promise.race([
    sub.closed.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000)),
  ]);
  sub.unsubscribe();
  return closed;
}

describe("the dashboard's NATS user", () => {
  it.each([
    { contract: events.factCreated as EventContract, stream: STREAMS.streambot.events },
    { contract: events.ticketOpened as EventContract, stream: STREAMS.discord.events },
  ])(
    'is refused when publishing $contract.subject through JetStream',
    async ({ contract, stream }) => {
      const before = await messages(stream);
      const envelope = makeEnvelope(contract, contract.example);
      const err = await asDashboard
        .jetstream()
        .publish(contract.subject, JSON.stringify(envelope))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(err, 'expected a permissions violation').toBeInstanceOf(NatsError);
      expect(
        (err as NatsError).isPermissionError() || /permission/i.test((err as Error).message),
      ).toBe(true);
      expect(await messages(stream)).toBe(before);
    },
  );

  it.each([
    queries.factsLatest.subject,
    queries.botStatus.subject,
    queries.ticketsList.subject,
    queries.guildsList.subject,
    'streambot.query.>',
    'discord.query.>',
  ])('is refused when subscribing to %s (it cannot answer for the owner)', async (subject) => {
    expect(await subscribeRefused(subject)).toBe(true);
  });
  it('may still subscribe to their events (the refusals above are not a broken helper)', async () => {
    expect(await subscribeRefused('streambot.evt.>')).toBe(false);
    expect(await subscribeRefused('discord.evt.>')).toBe(false);
  });
});

describe("the dashboard's HTTP API", () => {
  const foreign = /^\/api\/(facts|streambot|discord)(\/|$)/;

  it("has only GET routes for stream-bot's and discord-bot's data", () => {
    const routes = dashboard.service.routes.filter((r) => foreign.test(r.path));
    expect(routes.length).toBeGreaterThan(0);
    expect(routes.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    'answers %s on foreign data with 404 or 405',
    async (method) => {
      for (const path of [
        '/api/facts',
        '/api/facts/latest',
        '/api/streambot/status',
        '/api/streambot/analytics',
        '/api/discord/tickets',
        '/api/discord/guilds',
        '/api/discord/moderation',
      ]) {
        const res = await dashboard.request(path, {
          method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'forged' }),
        });
        expect([404, 405], `${method} ${path}`).toContain(res.status);
      }
    },
  );
});
