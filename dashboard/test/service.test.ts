import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { expectDatabaseOutageReported, expectReady } from '../../tools/test-env/service-checks.ts';
import { startTestService, type TestService } from './harness.ts';
import { readSse } from './sse.ts';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc?.stop());

describe('dashboard in-process', () => {
  it('is ready once its database and NATS answer', async () => {
    await expectReady(svc, 'dashboard');
  });

  it('sees its own service.started event come back through the outbox and JetStream', async () => {
    const started = await eventually(async () => {
      const res = await svc.get('/api/events/recent?service=dashboard&type=service.started');
      const { events } = (await res.json()) as { events: { data: { instanceId: string } }[] };
      const mine = events.find((e) => e.data.instanceId === svc.service.instanceId);
      if (!mine) throw new Error('not in the feed yet');
      return mine;
    });
    expect(started.data).toMatchObject({ instanceId: svc.service.instanceId });
  });

  it('reports 503 naming the database while it is unreachable, and recovers', async () => {
    await expectDatabaseOutageReported(svc);
  });

  it('ends open event streams as soon as it stops, so stopping never hangs on a browser', async () => {
    const own = await startTestService();
    const sse = readSse(await own.get('/api/events/stream'));
    expect((await sse.next()).event).toBe('ready');
    const stopping = own.stop();
    // Without the shutdown signal the stream would stay open until the server's
    // 5 s force-close; it must end well before that.
    const drained = (async () => {
      for (;;) await sse.next(2_000);
    })();
    await expect(drained).rejects.toThrow(/ended|terminated/);
    await stopping;
  });
});
