// The chat log on the embedded database (npm start's default): the same SQL
// must work on PGlite as on PostgreSQL — batches, sessions, roll-ups, pruning
// and the NATS summary.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closeBus, queries, request } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { burst, expected, utcDayStart } from './analytics-data.ts';
import { startTestService, type TestService } from './harness.ts';
import { connectAs } from '../../tools/test-env/service-harness.ts';

let dataDir: string;
let svc: TestService;
let dashboard: NatsConnection;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'stream-bot-chatlog-'));
  svc = await startTestService({ DATA_DIR: dataDir });
  dashboard = await connectAs('dashboard');
});
afterAll(async () => {
  await closeBus(dashboard);
  await svc?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it('logs, rolls up and prunes chat on PGlite', async () => {
  const now = new Date();
  const me = (await (await svc.get('/api/auth/me')).json()) as { user: { id: string } };
  const old = burst(
    me.user.id,
    {
      channel: 'alpha',
      from: new Date(utcDayStart(now, 45).getTime() + 3_600_000),
      minutes: 10,
      messages: 200,
      chatters: 20,
    },
    7,
  );
  const recent = burst(
    me.user.id,
    {
      channel: 'alpha',
      from: new Date(now.getTime() - 20 * 60_000),
      minutes: 15,
      messages: 600,
      chatters: 40,
      firstChatter: 10,
    },
    8,
  );
  const { recorder, job } = svc.service.chatLog;
  for (const m of [...old, ...recent, ...recent.slice(0, 50)]) recorder.listener(m);
  await recorder.flush();
  expect(recorder.stats()).toEqual({ stored: 800, duplicates: 50, dropped: 0, queued: 0 });

  const result = await job.run();
  expect(result.deleted).toBe(200);

  const summary = await request(dashboard, queries.analyticsSummary, { sinceHours: 24 });
  const want = expected(recent);
  expect(summary).toMatchObject({
    messages: 600,
    uniqueChatters: want.uniqueChatters,
    topChatters: want.topChatters.map((c) => ({ username: c.login, messages: c.messages })),
  });
});
