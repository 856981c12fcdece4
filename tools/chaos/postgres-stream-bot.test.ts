// Chaos: PostgreSQL stops for ten seconds (pg_ctl stop -m fast, as an operator
// stops it) under a running stream-bot. Its API and NATS queries answer 503
// saying the database is unavailable (promptly, not 500, no hang), /healthz
// stays up while /readyz is not ready, a burst of fact writes across the stop
// leaves every fact with its event and no event without its fact, chat read
// meanwhile is logged once the database is back, and the same requests work
// again without a restart.
import { events, queries, type SubscribedEvent } from '@homelab/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingChatMessage } from '../../stream-bot/src/chat/types.ts';
import { startTestService, type TestService } from '../../stream-bot/test/harness.ts';
import { eventually, watchEvents, type EventWatch } from '../test-env/service-harness.ts';
import {
  ANSWER_WITHIN_MS,
  OUTAGE_MS,
  PUBLISH_WITHIN_MS,
  RECOVER_WITHIN_MS,
  ask,
  askAll,
  expectDatabaseUnavailable,
  noPrivateCluster,
  queryProbe,
  startOutageCluster,
  untilAllSucceed,
  untilElapsed,
  watchProcessFailures,
  withServiceSql,
  type OutageCluster,
  type Probe,
} from './postgres-outage.ts';

let cluster: OutageCluster;
let svc: TestService;
let watch: EventWatch;
const seen: SubscribedEvent[] = [];
const process_ = watchProcessFailures();

beforeAll(async () => {
  if (noPrivateCluster) return;
  cluster = await startOutageCluster('streambot_chaos', 'fast');
  svc = await startTestService({ DATABASE_URL: cluster.database.url });
  watch = await watchEvents('STREAMBOT_EVENTS', seen);
  return async () => {
    await watch.stop();
    await svc.stop();
    await cluster.stop();
  };
});
afterAll(() => process_.dispose());

let n = 0;
const probes = (): Probe[] => [
  { name: 'GET /api/facts', send: () => svc.get('/api/facts') },
  { name: 'GET /api/facts/latest', send: () => svc.get('/api/facts/latest') },
  { name: 'GET /api/facts/random', send: () => svc.get('/api/facts/random') },
  { name: 'POST /api/facts', send: () => svc.post('/api/facts', {}) },
  {
    name: 'POST /api/facts/hello',
    send: () => svc.post('/api/facts/hello', { text: `Probe fact ${++n}.` }),
  },
  { name: 'GET /api/bot/config', send: () => svc.get('/api/bot/config') },
  {
    name: 'PUT /api/bot/config',
    send: () => svc.put('/api/bot/config', { factSettings: { prefix: `Fact ${++n}:` } }),
  },
  { name: 'GET /api/bot/commands', send: () => svc.get('/api/bot/commands') },
  {
    name: 'POST /api/bot/commands',
    send: () => svc.post('/api/bot/commands', { name: `probe${++n}`, response: 'hi' }),
  },
  { name: 'POST /api/bot/command', send: () => svc.post('/api/bot/command', { text: '!fact' }) },
  { name: 'GET /api/analytics/summary', send: () => svc.get('/api/analytics/summary') },
  { name: 'GET /api/chat/messages', send: () => svc.get('/api/chat/messages') },
  // What the dashboard's read models ask over NATS.
  queryProbe(watch.nc, queries.factsLatest, { limit: 5 }),
  queryProbe(watch.nc, queries.factsPage, {}),
];

const CHANNEL = 'chaos_channel';

/** Chat messages as the Twitch reader hands them on. */
function chat(ownerId: string, count: number): IncomingChatMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    platform: 'twitch',
    ownerId,
    channel: CHANNEL,
    messageId: `chaos-${i}`,
    chatterId: `c${i % 7}`,
    chatterLogin: `chatter${i % 7}`,
    chatterName: `Chatter${i % 7}`,
    text: `message ${i} during the outage`,
    badges: [],
    role: 'everyone',
    sentAt: new Date(),
    self: false,
  }));
}

/** Facts without their fact.created outbox row, and such rows without their fact. */
async function halfWritten() {
  return withServiceSql(cluster.database, async (c) => {
    const orphans = await c.query<{ kind: string; n: string }>(
      `SELECT 'fact without event' AS kind, count(*) AS n FROM facts f
         WHERE NOT EXISTS (SELECT 1 FROM outbox_events o
                           WHERE o.subject = $1 AND o.aggregate_id = f.id::text)
       UNION ALL
       SELECT 'event without fact', count(*) FROM outbox_events o
         WHERE o.subject = $1 AND NOT EXISTS (SELECT 1 FROM facts f WHERE f.id::text = o.aggregate_id)`,
      [events.factCreated.subject],
    );
    const unpublished = await c.query<{ n: string }>(
      'SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL',
    );
    const facts = await c.query<{ id: string }>('SELECT id::text AS id FROM facts');
    return {
      orphans: Object.fromEntries(orphans.rows.map((r) => [r.kind, Number(r.n)])),
      unpublished: Number(unpublished.rows[0]!.n),
      factIds: facts.rows.map((r) => r.id),
    };
  });
}

describe.skipIf(noPrivateCluster)('stream-bot while PostgreSQL is stopped for 10 s', () => {
  it('answers 503 promptly, writes nothing half, and recovers by itself', async () => {
    const all = probes();
    const before = await untilAllSucceed(all);
    expect(before.answers.map((a) => a.status)).not.toContain(500);

    const me = (await (await svc.get('/api/auth/me')).json()) as { user: { id: string } };

    // Bursts of writes from three writers that run across the moment the server stops.
    const created: string[] = [];
    const statuses: number[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const a = await ask({
          name: 'burst',
          send: () => svc.post('/api/facts/hello', { text: `Burst fact ${w}-${i}.` }),
        });
        statuses.push(a.status);
        const id = (a.body as { fact?: { id: string } } | undefined)?.fact?.id;
        if (a.status === 201 && id) created.push(id);
      }
    };
    const burst = Promise.all([0, 1, 2].map(writer));
    await eventually(async () => {
      if (created.length < 5) throw new Error('burst not under way yet');
    });

    const downAt = Date.now();
    await cluster.halt();
    // Let the burst run into the stopped server for a moment.
    await new Promise((r) => setTimeout(r, 1_000));
    writing = false;
    await burst;

    expect((await svc.get('/healthz')).status).toBe(200);
    const ready = await ask({ name: 'readyz', send: () => svc.get('/readyz') });
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'not ready', down: ['database'] });
    const during = await askAll(all);
    expectDatabaseUnavailable(during);
    // Chat keeps coming in: the chat log holds it until the database is back.
    const recorder = svc.service.chatLog.recorder;
    const storedBefore = recorder.stats().stored;
    for (const m of chat(me.user.id, 40)) recorder.listener(m);
    // And again, later in the outage (pools and back-offs in another state by then).
    await untilElapsed(downAt, OUTAGE_MS - ANSWER_WITHIN_MS);
    expectDatabaseUnavailable(await askAll(all));
    expect(statuses.filter((s) => s !== 201 && s !== 503)).toEqual([]);

    await untilElapsed(downAt, OUTAGE_MS);
    await cluster.resume();
    const upAt = Date.now();
    const after = await untilAllSucceed(all, RECOVER_WITHIN_MS);
    const readyAgain = await untilAllSucceed(
      [{ name: 'readyz', send: () => svc.get('/readyz') }],
      RECOVER_WITHIN_MS,
    );
    const recoveredMs = Date.now() - upAt;
    console.info(
      `stream-bot: outage ${upAt - downAt} ms; during: ${during.map((a) => `${a.name} ${a.status} ${a.ms}ms`).join(', ')}; ` +
        `recovered in ${recoveredMs} ms (routes ${after.ms} ms, last ${after.slowest}; readyz +${readyAgain.ms} ms); burst ${created.length} created, ` +
        `${statuses.filter((s) => s === 503).length} refused`,
    );

    // A write after the outage is published, and so is every fact written before it.
    const res = await svc.post('/api/facts/hello', { text: 'Written after the outage.' });
    expect(res.status).toBe(201);
    const late = ((await res.json()) as { fact: { id: string } }).fact.id;
    const lateAt = Date.now();
    const check = await eventually(async () => {
      const state = await halfWritten();
      if (state.unpublished > 0) throw new Error(`${state.unpublished} events unpublished`);
      return state;
    }, PUBLISH_WITHIN_MS);
    expect(check.orphans).toEqual({ 'fact without event': 0, 'event without fact': 0 });
    expect(check.factIds).toEqual(expect.arrayContaining([...created, late]));
    const factEvents = () =>
      seen
        .filter((e) => e.subject === events.factCreated.subject)
        .map((e) => (e.envelope.data as { factId: string }).factId);
    await eventually(async () => {
      if (!factEvents().includes(late)) throw new Error('the late fact was not published');
    }, PUBLISH_WITHIN_MS);
    const publishedMs = Date.now() - lateAt;
    expect(factEvents().sort()).toEqual([...check.factIds].sort());
    await eventually(async () => {
      if (recorder.stats().stored < storedBefore + 40) throw new Error('chat not stored yet');
    }, PUBLISH_WITHIN_MS);
    const logged = await withServiceSql(cluster.database, (c) =>
      c.query<{ n: string }>('SELECT count(*) AS n FROM chat_messages WHERE channel = $1', [
        CHANNEL,
      ]),
    );
    expect(Number(logged.rows[0]!.n)).toBe(40);
    console.info(`stream-bot: a fact written after the outage was published in ${publishedMs} ms`);
    expect(process_.failures).toEqual([]);
  }, 90_000);
});
