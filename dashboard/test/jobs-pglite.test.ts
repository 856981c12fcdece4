// The job queue on the embedded PGlite database, the dashboard's default
// without DATABASE_URL: a job runs, retries, reports progress and is cancelled
// the same way as on Postgres (jobs.test.ts holds the whole set).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { openJobsWorld, scripts, untilAborted, type JobsWorld } from './jobs-fixture.ts';

let world: JobsWorld;

beforeAll(async () => {
  world = await openJobsWorld({ pglite: true });
});
afterAll(async () => {
  await world?.close();
});

it('runs, retries and cancels jobs on PGlite', async () => {
  scripts.set('twice', async (_p, ctx) => {
    ctx.progress({ percent: 50, message: `try ${ctx.attempt}` });
    if (ctx.attempt === 1) throw new Error('first try fails');
    return { attempt: ctx.attempt };
  });
  scripts.set('block', async (_p, ctx) => untilAborted(ctx.signal));
  const a = await world.queue('a');
  const twice = await a.queue.enqueue('ai-analysis', { script: 'twice' }, { requestedBy: 'admin' });
  const block = await a.queue.enqueue('ai-analysis', { script: 'block' }, { requestedBy: 'admin' });

  const done = await eventually(async () => {
    const job = await a.queue.get(twice.id);
    expect(job.status).toBe('succeeded');
    return job;
  }, 20_000);
  // The first try's error was shown while it waited; success clears it.
  expect(done).toMatchObject({ attempts: 2, result: { attempt: 2 }, error: null });

  await eventually(
    async () => expect((await a.queue.get(block.id)).status).toBe('running'),
    20_000,
  );
  await a.queue.cancel(block.id, 'admin');
  await eventually(
    async () => expect((await a.queue.get(block.id)).status).toBe('cancelled'),
    20_000,
  );
});
