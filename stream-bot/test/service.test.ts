import { events, queries, request, type SubscribedEvent } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, watchEvents } from '../../tools/test-env/service-harness.ts';
import {
  expectDatabaseOutageReported,
  expectReady,
  expectStartAnnounced,
} from '../../tools/test-env/service-checks.ts';
import { startTestService, type TestService } from './harness.ts';

interface FactBody {
  fact: {
    id: string;
    text: string;
    source: string;
    model: string | null;
    createdAt: string;
  } | null;
}

let svc: TestService;
let dashboard: NatsConnection;
const seen: SubscribedEvent[] = [];

beforeAll(async () => {
  svc = await startTestService();
  const watch = await watchEvents('STREAMBOT_EVENTS', seen);
  dashboard = watch.nc;
  return async () => {
    await watch.stop();
    await svc.stop();
  };
});

describe('stream-bot in-process', () => {
  it('is ready once its database and NATS answer', async () => {
    await expectReady(svc, 'stream-bot');
  });

  it('announces its start on the bus through the outbox', async () => {
    await expectStartAnnounced(seen, events.streambotServiceStarted, svc.service.instanceId);
  });

  it('stores a hello fact, serves it as the latest and publishes fact.created', async () => {
    const res = await svc.post('/api/facts/hello', { text: 'Hello, integration test!' });
    expect(res.status).toBe(201);
    const { fact } = (await res.json()) as FactBody;
    expect(fact).toMatchObject({ text: 'Hello, integration test!', source: 'manual', model: null });

    const latest = (await (await svc.get('/api/facts/latest')).json()) as FactBody;
    expect(latest.fact).toEqual(fact);

    const published = await eventually(async () => {
      const e = seen.find((x) => (x.envelope.data as { factId?: string }).factId === fact!.id);
      if (!e) throw new Error('fact.created not on the stream yet');
      return e;
    });
    expect(published.subject).toBe(events.factCreated.subject);
    expect(published.envelope.data).toEqual({
      factId: fact!.id,
      text: 'Hello, integration test!',
      source: 'manual',
    });
  });

  it('uses the default greeting when the body is empty', async () => {
    const res = await svc.post('/api/facts/hello');
    expect(res.status).toBe(201);
    expect(((await res.json()) as FactBody).fact?.text).toBe('Hello from stream-bot!');
  });

  it('refuses a blank greeting with a 400 and stores nothing', async () => {
    const before = (await (await svc.get('/api/facts/latest')).json()) as FactBody;
    const res = await svc.post('/api/facts/hello', { text: '  ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_input' } });
    expect(await (await svc.get('/api/facts/latest')).json()).toEqual(before);
  });

  it('answers its NATS queries from the database, truthfully', async () => {
    await svc.post('/api/facts/hello', { text: 'for the query' });
    const latest = await request(dashboard, queries.factsLatest, { limit: 1 });
    expect(latest.facts).toHaveLength(1);
    expect(latest.facts[0]).toMatchObject({ text: 'for the query', source: 'manual' });

    const status = await request(dashboard, queries.botStatus, {});
    expect(status).toEqual({ connected: false, channels: [], connectedSince: null });

    const summary = await request(dashboard, queries.analyticsSummary, { sinceHours: 1 });
    expect(summary).toMatchObject({ messages: 0, uniqueChatters: 0, topChatters: [] });
    expect(summary.factsPosted).toBe(3);
  });

  it('reports 503 naming the database while it is unreachable, and recovers', async () => {
    await expectDatabaseOutageReported(svc);
  });
});
