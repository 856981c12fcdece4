// The ownership rules of nats-server.conf, proven against a real server
// started from the project's own config.
import { NatsError, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBus, connectBus } from '../src/connection.ts';
import { events, queries } from '../src/contracts/registry.ts';
import { STREAMS, type ServiceName } from '../src/contracts/streams.ts';
import { makeEnvelope } from '../src/envelope.ts';
import { BusAuthError } from '../src/errors.ts';
import { discoverServices } from '../src/queries/discovery.ts';
import { startQueryService } from '../src/queries/query-service.ts';
import { request } from '../src/queries/request.ts';
import { ensureStreams } from '../src/streams.ts';
import { eventually, startTestBus, streamMessageCount, type TestBus } from './helpers/nats.ts';

let bus: TestBus;
const nc = {} as Record<ServiceName, NatsConnection>;
const errorsSeen: string[] = [];

beforeAll(async () => {
  bus = await startTestBus();
  for (const s of ['streambot', 'discord'] as const) nc[s] = await bus.connect(s);
  // The dashboard's connection logs what the server reports, so async denials can be seen.
  const capture = (_obj: object, msg?: string) =>
    void errorsSeen.push(`${msg} ${JSON.stringify(_obj)}`);
  const quiet = () => undefined;
  nc.dashboard = await connectBus({
    service: 'dashboard',
    servers: bus.server.url,
    pass: bus.server.credentials.dashboard.pass,
    logger: { debug: quiet, info: quiet, warn: quiet, error: capture },
  });
  await ensureStreams(nc.streambot, 'streambot');
});
afterAll(async () => {
  if (nc.dashboard) await closeBus(nc.dashboard);
  await bus?.dispose();
});

const fact = () => JSON.stringify(makeEnvelope(events.factCreated, events.factCreated.example));

async function expectDenied(p: Promise<unknown>): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a permissions violation').toBeInstanceOf(NatsError);
  expect((err as NatsError).isPermissionError() || /permission/i.test((err as Error).message)).toBe(
    true,
  );
}

/** Subscribes and reports whether the server closed the subscription for lack of permission. */
async function subscribeDenied(conn: NatsConnection, subject: string): Promise<boolean> {
  const sub = conn.subscribe(subject);
  const closed = await Promise.race([
    sub.closed.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((r) => setTimeout(() => r(false), 1000)),
  ]);
  sub.unsubscribe();
  return closed;
}

describe('authentication', () => {
  it('refuses a client without credentials', async () => {
    const err = await connectBus({ service: 'dashboard', servers: bus.server.url }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BusAuthError);
    expect((err as Error).message).toMatch(/requires credentials and none were given/);
  });

  it('refuses a wrong password with a clear error', async () => {
    const err = await connectBus({
      service: 'discord',
      servers: bus.server.url,
      pass: 'not-it',
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'BusAuthError', user: 'discord' });
    expect((err as Error).message).toMatch(/refused the credentials of user "discord"/);
    expect((err as Error).cause).toBeInstanceOf(NatsError);
  });
});

describe('the dashboard', () => {
  it('cannot publish stream-bot events, neither core nor JetStream', async () => {
    const before = await streamMessageCount(nc.dashboard, STREAMS.streambot.events);
    const echo = nc.dashboard.subscribe('streambot.evt.>');
    let echoed = 0;
    void (async () => {
      for await (const _ of echo) echoed++;
    })();
    nc.dashboard.publish(events.factCreated.subject, fact());
    await eventually(
      () => errorsSeen.some((e) => /PERMISSIONS_VIOLATION/.test(e)),
      'the async denial',
    );
    await expectDenied(nc.dashboard.jetstream().publish(events.factCreated.subject, fact()));
    await nc.dashboard.flush();
    echo.unsubscribe();
    expect(echoed).toBe(0);
    expect(await streamMessageCount(nc.dashboard, STREAMS.streambot.events)).toBe(before);
  });

  it("cannot answer stream-bot's queries", async () => {
    expect(await subscribeDenied(nc.dashboard, queries.factsLatest.subject)).toBe(true);
    expect(await subscribeDenied(nc.dashboard, 'streambot.query.>')).toBe(true);
  });

  it("cannot publish into another service's inbox (no forged replies)", async () => {
    // The dashboard replies to its own queries through its own inbox (it has no allow_responses:
    // see nats-server.conf); that must not open anyone else's.
    const inbox = '_INBOX.streambot.forged';
    let received = 0;
    const sub = nc.streambot.subscribe(inbox, { callback: () => void received++ });
    await nc.streambot.flush();
    const denialsBefore = errorsSeen.filter((e) => /PERMISSIONS_VIOLATION/.test(e)).length;
    nc.dashboard.publish(inbox, 'forged reply');
    await nc.dashboard.flush();
    await eventually(
      () => errorsSeen.filter((e) => /PERMISSIONS_VIOLATION/.test(e)).length > denialsBefore,
      'the server to refuse the publish',
    );
    await nc.streambot.flush();
    sub.unsubscribe();
    expect(received).toBe(0);
  });

  it("cannot create, purge, delete or edit stream-bot's streams or messages", async () => {
    await nc.streambot.jetstream().publish(events.factCreated.subject, fact());
    const jsm = await nc.dashboard.jetstreamManager();
    const name = STREAMS.streambot.events;
    await expectDenied(jsm.streams.purge(name));
    await expectDenied(jsm.streams.delete(name));
    await expectDenied(jsm.streams.update(name, { max_age: 1 }));
    await expectDenied(jsm.streams.deleteMessage(name, 1));
    await expectDenied(
      jsm.streams.add({ name: STREAMS.discord.events, subjects: ['discord.evt.>'] }),
    );
    const info = await jsm.streams.info(name);
    expect(info.state.messages).toBeGreaterThan(0);
    expect(info.config.max_age).not.toBe(1);
  });

  it("reads stream-bot's events live and through a consumer of its own", async () => {
    const live = nc.dashboard.subscribe('streambot.evt.>', { max: 1 });
    await nc.dashboard.flush();
    const seq = (await nc.streambot.jetstream().publish(events.factCreated.subject, fact())).seq;
    for await (const m of live) expect(m.subject).toBe(events.factCreated.subject);

    const jsm = await nc.dashboard.jetstreamManager();
    await jsm.consumers.add(STREAMS.streambot.events, {
      durable_name: 'dashboard-perm',
      ack_policy: 'explicit' as never,
    });
    const consumer = await nc.dashboard
      .jetstream()
      .consumers.get(STREAMS.streambot.events, 'dashboard-perm');
    const got = await consumer.next({ expires: 2000 });
    expect(got?.subject).toBe(events.factCreated.subject);
    await got?.ackAck();
    const ordered = await nc.dashboard
      .jetstream()
      .consumers.get(STREAMS.streambot.events, { opt_start_seq: seq });
    expect((await ordered.next({ expires: 2000 }))?.seq).toBe(seq);
  });

  it("sends requests to stream-bot's queries and $SRV.PING", async () => {
    const svc = await startQueryService(nc.streambot, {
      service: 'streambot',
      version: '1.0.0',
      handlers: { [queries.factsLatest.subject]: async () => ({ facts: [] }) },
    });
    try {
      expect(await request(nc.dashboard, queries.factsLatest, {})).toEqual({ facts: [] });
      const found = await discoverServices(nc.dashboard, { timeoutMs: 300 });
      expect(found.map((s) => s.name)).toContain('streambot');
    } finally {
      await svc.stop();
    }
  });
});

describe('each service', () => {
  it.each(['streambot', 'discord', 'dashboard'] as const)(
    '%s creates its own streams, publishes its events and answers its queries',
    async (service) => {
      const conn = nc[service];
      await ensureStreams(conn, service);
      const [event] = Object.values(events).filter((e) => e.owner === service);
      const [query] = Object.values(queries).filter((q) => q.owner === service);
      if (!event || !query) throw new Error(`no contracts for ${service}`);
      const ack = await conn
        .jetstream()
        .publish(event.subject, JSON.stringify(makeEnvelope(event, event.example as never)));
      expect(ack.stream).toBe(STREAMS[service].events);
      const svc = await startQueryService(conn, {
        service,
        version: '1.0.0',
        handlers: { [query.subject]: async () => query.example.response },
      });
      try {
        expect(await request(nc.dashboard, query, query.example.request as never)).toEqual(
          query.example.response,
        );
      } finally {
        await svc.stop();
      }
    },
  );

  it("stream-bot cannot publish discord's events nor answer discord's queries", async () => {
    await ensureStreams(nc.discord, 'discord');
    await expectDenied(
      nc.streambot
        .jetstream()
        .publish(
          events.ticketOpened.subject,
          JSON.stringify(makeEnvelope(events.ticketOpened, events.ticketOpened.example)),
        ),
    );
    expect(await subscribeDenied(nc.streambot, queries.guildsList.subject)).toBe(true);
    await expectDenied(
      (await nc.streambot.jetstreamManager()).streams.purge(STREAMS.discord.events),
    );
    await expectDenied(
      request(nc.streambot, queries.guildsList, {}).catch((e: unknown) =>
        Promise.reject((e as Error).cause),
      ),
    );
  });
});

describe("the dashboard's job queue", () => {
  // The stream and subjects the dashboard's job queue uses (dashboard/src/jobs/job-stream.ts).
  const JOBS = 'DASHBOARD_JOBS';
  const run = 'dashboard.job.run.deployment';

  beforeAll(async () => {
    const jsm = await nc.dashboard.jetstreamManager();
    await jsm.streams.add({
      name: JOBS,
      subjects: ['dashboard.job.run.>'],
      retention: 'workqueue' as never,
    });
  });

  it('is the only one to publish to the jobs subjects, read the queue or hear job updates', async () => {
    const heard: string[] = [];
    const listen = ['dashboard.job.update.*', 'dashboard.job.cancel.*'].map((subject) =>
      nc.dashboard.subscribe(subject, { callback: (_e, m) => void heard.push(m.subject) }),
    );
    await nc.dashboard.flush();
    for (const other of ['streambot', 'discord'] as const) {
      await expectDenied(nc[other].jetstream().publish(run, '{"id":"x","kind":"deployment"}'));
      nc[other].publish('dashboard.job.update.x', '{}');
      nc[other].publish('dashboard.job.cancel.x');
      await nc[other].flush();
      expect(await subscribeDenied(nc[other], 'dashboard.job.update.*')).toBe(true);
      await expectDenied((await nc[other].jetstreamManager()).streams.purge(JOBS));
      await expectDenied(
        (await nc[other].jetstreamManager()).consumers.add(JOBS, {
          durable_name: `${other}-steals-jobs`,
          ack_policy: 'explicit' as never,
        }),
      );
    }
    expect(await streamMessageCount(nc.dashboard, JOBS)).toBe(0);

    await nc.dashboard.jetstream().publish(run, '{"id":"x","kind":"deployment"}');
    nc.dashboard.publish('dashboard.job.cancel.x');
    await eventually(() => heard.length === 1, 'the dashboard hears its own cancel');
    listen.forEach((sub) => sub.unsubscribe());
    expect(heard).toEqual(['dashboard.job.cancel.x']);
    expect(await streamMessageCount(nc.dashboard, JOBS)).toBe(1);
  });
});
