// The job queue against a real Postgres and nats-server: queues built with
// createJobQueue, each on a NATS connection of its own like separate dashboard
// instances, sharing one database and the DASHBOARD_JOBS stream.
import { JOBS_CONSUMER, JOBS_STREAM } from '../src/jobs/job-stream.ts';
import { createJobStore } from '../src/jobs/job-store.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { DomainError } from '../src/domain/errors.ts';
import { JobFailure, type JobRecord, type JobUpdate } from '../src/jobs/types.ts';
import {
  ACK_WAIT_MS,
  openJobsWorld,
  runs,
  scripts,
  untilAborted,
  type JobsWorld,
  type TestQueue,
} from './jobs-fixture.ts';

let world: JobsWorld;
let open: TestQueue[] = [];

beforeAll(async () => {
  world = await openJobsWorld();
});
afterAll(async () => {
  await world?.close();
});
beforeEach(async () => {
  // Every test leaves its queues stopped, so the next one's jobs go only to its own.
  return async () => {
    for (const q of open) await (q.nc.isClosed() ? q.queue.stop() : q.stop());
    open = [];
  };
});

async function queue(name: string, options: Parameters<JobsWorld['queue']>[1] = {}) {
  const q = await world.queue(name, options);
  open.push(q);
  return q;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(q: TestQueue, id: string, want: JobRecord['status']) {
  return eventually(async () => {
    const job = await q.queue.get(id);
    if (job.status !== want) throw new Error(`job ${id} is ${job.status}, not ${want}`);
    return job;
  }, 20_000);
}

const runsOf = (jobId: string) => runs.filter((r) => r.jobId === jobId);

async function queueIsEmpty(q: TestQueue) {
  await eventually(async () => {
    const jsm = await q.nc.jetstreamManager();
    const stream = await jsm.streams.info(JOBS_STREAM);
    const consumer = await jsm.consumers.info(JOBS_STREAM, JOBS_CONSUMER);
    if (stream.state.messages !== 0 || consumer.num_ack_pending !== 0) {
      throw new Error(`stream holds ${stream.state.messages}, ${consumer.num_ack_pending} unacked`);
    }
  });
}

describe('the job queue', () => {
  it('runs a job and stores its result', async () => {
    scripts.set('echo', async (p, ctx) => ({ echoed: p.tag, attempt: ctx.attempt }));
    const a = await queue('a');
    const queued = await a.queue.enqueue(
      'ai-analysis',
      { script: 'echo', tag: 'hi' },
      { requestedBy: 'admin' },
    );
    expect(queued).toMatchObject({
      status: 'queued',
      attempts: 0,
      maxAttempts: 3,
      requestedBy: 'admin',
    });

    const done = await status(a, queued.id, 'succeeded');
    expect(done).toMatchObject({
      result: { echoed: 'hi', attempt: 1 },
      attempts: 1,
      error: null,
      progressPercent: 100,
      payload: { script: 'echo', tag: 'hi' },
    });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(runsOf(queued.id)).toHaveLength(1);
    expect(
      (await a.queue.list({ kind: 'ai-analysis', status: 'succeeded' })).map((j) => j.id),
    ).toContain(queued.id);
    await queueIsEmpty(a);
  });

  it("enqueues in the caller's transaction: a rollback leaves neither the job nor its message", async () => {
    const a = await queue('a', { start: false });
    const id = crypto.randomUUID();
    await expect(
      world.sql.transaction(async (tx) => {
        await a.queue.enqueue(
          'ai-analysis',
          { script: 'echo' },
          { requestedBy: 'admin', tx, jobId: id },
        );
        throw new Error('the caller changes its mind');
      }),
    ).rejects.toThrow(/changes its mind/);
    await expect(a.queue.get(id)).rejects.toMatchObject({ code: 'not_found' });
    const [outbox] = await world.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox_events WHERE id = $1::uuid',
      [id],
    );
    expect(outbox?.n).toBe(0);
  });

  it('reports progress, throttled, to the row and to watchers on every instance', async () => {
    let tookMs = 0;
    scripts.set('progress', async (_p, ctx) => {
      const began = Date.now();
      for (let i = 1; i <= 20; i++) {
        ctx.progress({ percent: i * 5, message: `step ${i} of 20` });
        await sleep(25);
      }
      tookMs = Date.now() - began;
      return 'ok';
    });
    const a = await queue('a');
    const watcher = await queue('watcher', { start: false }); // another instance, only watching
    const stop = new AbortController();
    const seen: JobUpdate[] = [];
    const watching = (async () => {
      for await (const u of watcher.queue.watch(stop.signal)) seen.push(u);
    })();
    await watcher.nc.flush();
    const job = await a.queue.enqueue(
      'ai-analysis',
      { script: 'progress' },
      { requestedBy: 'admin' },
    );
    await status(a, job.id, 'succeeded');
    await eventually(async () => expect(seen.at(-1)?.status).toBe('succeeded'));
    stop.abort();
    await watching;

    const mine = seen.filter((u) => u.id === job.id);
    expect(mine[0]).toMatchObject({ status: 'queued', kind: 'ai-analysis' });
    const progress = mine.filter((u) => u.status === 'running' && u.progressMessage !== null);
    // 20 reports in ~0.5 s: at most one write per 250 ms (and the last one at the end).
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(tookMs / 250) + 2);
    expect(progress.length).toBeLessThan(20);
    expect(progress.at(-1)).toMatchObject({
      progressPercent: 100,
      progressMessage: 'step 20 of 20',
    });
    expect(mine.at(-1)).toMatchObject({ status: 'succeeded', progressPercent: 100 });
  });

  it('watch() of one job hears only that job and ends when its signal aborts', async () => {
    scripts.set('echo', async (p) => p.tag);
    const a = await queue('a');
    const other = await a.queue.enqueue(
      'ai-analysis',
      { script: 'echo' },
      { requestedBy: 'admin' },
    );
    const id = crypto.randomUUID();
    const stop = new AbortController();
    const seen: JobUpdate[] = [];
    const watching = (async () => {
      for await (const u of a.queue.watch(stop.signal, id)) seen.push(u);
    })();
    await a.queue.enqueue(
      'ai-analysis',
      { script: 'echo', tag: 't' },
      { requestedBy: 'admin', jobId: id },
    );
    await status(a, id, 'succeeded');
    await status(a, other.id, 'succeeded');
    await eventually(async () => expect(seen.at(-1)?.status).toBe('succeeded'));
    stop.abort();
    await watching;
    expect(new Set(seen.map((u) => u.id))).toEqual(new Set([id]));
    expect(() => a.queue.watch(stop.signal, 'nope')).toThrow(DomainError);
  });

  it('cancels a queued job: it never runs and its message is gone', async () => {
    scripts.set('never', async () => {
      throw new Error('a cancelled job ran');
    });
    const idle = await queue('idle', { start: false });
    const job = await idle.queue.enqueue(
      'ai-analysis',
      { script: 'never' },
      { requestedBy: 'admin' },
    );
    const cancelled = await idle.queue.cancel(job.id, 'admin');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelRequested: true });
    expect(cancelled.finishedAt).not.toBeNull();

    const a = await queue('a');
    await queueIsEmpty(a);
    expect(runsOf(job.id)).toHaveLength(0);
    expect(await a.queue.get(job.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
    await expect(a.queue.cancel(job.id, 'admin')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('cancels a running job from another instance: its signal aborts and it ends cancelled', async () => {
    let aborted: unknown;
    scripts.set('block', async (_p, ctx) => {
      ctx.progress({ message: 'waiting to be cancelled' });
      try {
        return await untilAborted(ctx.signal);
      } finally {
        aborted = ctx.signal.reason;
      }
    });
    const a = await queue('a');
    const elsewhere = await queue('elsewhere', { start: false });
    const job = await a.queue.enqueue('ai-analysis', { script: 'block' }, { requestedBy: 'admin' });
    await status(a, job.id, 'running');

    const requested = await elsewhere.queue.cancel(job.id, 'admin');
    expect(requested).toMatchObject({ status: 'running', cancelRequested: true });
    const done = await status(a, job.id, 'cancelled');
    expect(aborted).toBe('cancel');
    expect(done.finishedAt).not.toBeNull();
    expect(runsOf(job.id)).toHaveLength(1);
    await queueIsEmpty(a);
    await expect(a.queue.cancel(job.id, 'admin')).rejects.toMatchObject({ code: 'conflict' });
  });

  it('retries a failing job with back-off, then fails it for good with its error', async () => {
    scripts.set('flaky', async (_p, ctx) => {
      throw new Error(`backend unreachable (try ${ctx.attempt})`);
    });
    const a = await queue('a');
    const job = await a.queue.enqueue('ai-analysis', { script: 'flaky' }, { requestedBy: 'admin' });
    const failed = await status(a, job.id, 'failed');
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/backend unreachable \(try 3\).*after 3 attempts/);
    expect(runsOf(job.id).map((r) => r.attempt)).toEqual([1, 2, 3]);
    await queueIsEmpty(a);
    await sleep(500);
    expect(runsOf(job.id)).toHaveLength(3);
  });

  it('fails at once on a JobFailure that a retry cannot mend', async () => {
    scripts.set('fatal', async () => {
      throw new JobFailure('image localhost/nope:1 does not exist');
    });
    const a = await queue('a');
    const job = await a.queue.enqueue('ai-analysis', { script: 'fatal' }, { requestedBy: 'admin' });
    const failed = await status(a, job.id, 'failed');
    expect(failed).toMatchObject({ attempts: 1, error: 'image localhost/nope:1 does not exist' });
    expect(runsOf(job.id)).toHaveLength(1);
    await queueIsEmpty(a);
  });

  it('refuses a payload that does not fit the kind, and stores nothing', async () => {
    const a = await queue('a', { start: false });
    const count = async () =>
      (
        await world.sql.query<{ jobs: number; outbox: number }>(
          'SELECT (SELECT count(*)::int FROM jobs) AS jobs, (SELECT count(*)::int FROM outbox_events) AS outbox',
        )
      )[0];
    const before = await count();
    const err = await a.queue
      .enqueue('ai-analysis', { script: 42 }, { requestedBy: 'admin' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'invalid_input' });
    expect((err as Error).message).toMatch(/script/);
    await expect(
      a.queue.enqueue('no-such-kind' as never, {}, { requestedBy: 'admin' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(
      a.queue.enqueue(
        'ai-analysis',
        { script: 'x' },
        { requestedBy: 'admin', jobId: 'not-a-uuid' },
      ),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(a.queue.enqueue('deployment', {}, { requestedBy: 'admin' })).rejects.toMatchObject(
      {
        code: 'not_configured',
      },
    );
    expect(await count()).toEqual(before);
  });

  it('fails a job whose stored payload no longer fits, without a retry', async () => {
    // Written as an older dashboard might have: the schema has changed since.
    const stored = await createJobStore(world.sql).insert({
      id: crypto.randomUUID(),
      kind: 'ai-analysis',
      payload: { script: 7 },
      maxAttempts: 3,
      requestedBy: 'admin',
    });
    const a = await queue('a');
    const failed = await status(a, stored.id, 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.error).toMatch(/payload does not fit ai-analysis jobs: script/);
    expect(runsOf(stored.id)).toHaveLength(0);
  });

  it('gives an unknown or malformed id a clear error', async () => {
    const a = await queue('a', { start: false });
    await expect(a.queue.get(crypto.randomUUID())).rejects.toMatchObject({ code: 'not_found' });
    await expect(a.queue.get('../etc')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(a.queue.cancel(crypto.randomUUID(), 'admin')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('restarts and several instances', () => {
  it('hands a job interrupted by a stop to the next dashboard, which finishes it', async () => {
    scripts.set('long', async (_p, ctx) => {
      if (ctx.attempt === 1) {
        ctx.progress({ message: 'first try' });
        return untilAborted(ctx.signal);
      }
      return { finishedOnAttempt: ctx.attempt };
    });
    const first = await queue('first');
    const job = await first.queue.enqueue(
      'ai-analysis',
      { script: 'long' },
      { requestedBy: 'admin' },
    );
    await status(first, job.id, 'running');
    await first.stop();
    const requeued = (
      await world.sql.query<{ status: string; attempts: number }>(
        'SELECT status, attempts FROM jobs WHERE id = $1::uuid',
        [job.id],
      )
    )[0];
    expect(requeued).toEqual({ status: 'queued', attempts: 1 });

    const second = await queue('second');
    const done = await status(second, job.id, 'succeeded');
    expect(done).toMatchObject({ attempts: 2, result: { finishedOnAttempt: 2 } });
    expect(runsOf(job.id).map((r) => r.queue)).toEqual(['first', 'second']);
  });

  it('redelivers the job of a dashboard that died mid-job; the dead run cannot write any more', async () => {
    let releaseDead: (() => void) | undefined;
    scripts.set('crashy', async (_p, ctx, q) => {
      if (q === 'doomed') {
        // Never told of the crash: it finishes only when the test lets it, after the takeover.
        await new Promise<void>((r) => (releaseDead = r));
        return { by: 'doomed' };
      }
      return { by: q, attempt: ctx.attempt };
    });
    const doomed = await queue('doomed');
    const job = await doomed.queue.enqueue(
      'ai-analysis',
      { script: 'crashy' },
      { requestedBy: 'admin' },
    );
    await status(doomed, job.id, 'running');
    await doomed.crash();

    const started = Date.now();
    const heir = await queue('heir');
    const done = await status(heir, job.id, 'succeeded');
    // Redelivered once ack_wait passed without the dead instance's heartbeat.
    expect(Date.now() - started).toBeGreaterThanOrEqual(ACK_WAIT_MS / 2);
    expect(done).toMatchObject({ attempts: 2, result: { by: 'heir', attempt: 2 } });

    releaseDead?.();
    await sleep(300);
    expect(await heir.queue.get(job.id)).toMatchObject({ result: { by: 'heir', attempt: 2 } });
    expect(runsOf(job.id).map((r) => r.queue)).toEqual(['doomed', 'heir']);
  });

  it('never runs a job on two instances, also one that outlasts ack_wait', async () => {
    scripts.set('work', async (p) => {
      await sleep(p.tag === 'slow' ? ACK_WAIT_MS * 2 : 50);
      return p.tag;
    });
    const a = await queue('a');
    const b = await queue('b');
    const jobs: JobRecord[] = [];
    jobs.push(
      await a.queue.enqueue(
        'ai-analysis',
        { script: 'work', tag: 'slow' },
        { requestedBy: 'admin' },
      ),
    );
    for (let i = 0; i < 12; i++) {
      const q = i % 2 === 0 ? a : b;
      jobs.push(
        await q.queue.enqueue(
          'ai-analysis',
          { script: 'work', tag: `j${i}` },
          { requestedBy: 'admin' },
        ),
      );
    }
    for (const job of jobs) await status(a, job.id, 'succeeded');
    await sleep(ACK_WAIT_MS); // time for any wrongful redelivery of the slow one
    for (const job of jobs) {
      expect(runsOf(job.id), `runs of ${JSON.stringify(job.payload)}`).toHaveLength(1);
      expect((await a.queue.get(job.id)).attempts).toBe(1);
    }
    const by = new Set(jobs.flatMap((j) => runsOf(j.id).map((r) => r.queue)));
    expect(by).toEqual(new Set(['a', 'b']));
    await queueIsEmpty(a);
  });
});
