// The background jobs for the browser: the list (filtered), one job, a cancel,
// and every change of every job live over server-sent events — from whichever
// dashboard instance runs the job (the queue broadcasts on NATS).
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { checkJobId, LIST_LIMIT } from '../jobs/queue.ts';
import { JOB_KINDS, type JobQueue } from '../jobs/types.ts';
import { parseInput } from './errors.ts';
import { currentUser } from './session.ts';

const HEARTBEAT_MS = 15_000;
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;

const listQuery = z.object({
  kind: z.enum(JOB_KINDS, { error: `expected a job kind (${JOB_KINDS.join(', ')})` }).optional(),
  status: z.enum(STATUSES, { error: `expected a job status (${STATUSES.join(', ')})` }).optional(),
  limit: z.coerce
    .number({ error: `expected a number of jobs (${LIST_LIMIT.min}-${LIST_LIMIT.max})` })
    .int()
    .min(LIST_LIMIT.min)
    .max(LIST_LIMIT.max)
    .optional(),
});
const eventsQuery = z.object({ id: z.string().max(64).optional() });

export function jobRoutes(jobs: JobQueue, shutdown: AbortSignal) {
  // One listener on the shared signal for every open stream (see events.routes.ts).
  const open = new Set<() => void>();
  shutdown.addEventListener('abort', () => open.forEach((end) => end()), { once: true });

  return new Hono()
    .get('/', async (c) => {
      const filter = parseInput(listQuery, c.req.query());
      return c.json({ jobs: await jobs.list(filter) });
    })

    .get('/events', (c) => {
      const { id } = parseInput(eventsQuery, c.req.query());
      const jobId = id === undefined ? undefined : checkJobId(id);
      return streamSSE(c, async (stream) => {
        const done = new AbortController();
        const end = () => done.abort();
        open.add(end);
        stream.onAbort(end);
        if (shutdown.aborted) end();
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
        try {
          // Subscribed before 'ready' goes out: a client that saw it misses no later update.
          const updates = jobs.watch(done.signal, jobId);
          await stream.writeSSE({ event: 'ready', data: '{}' });
          for await (const update of updates) {
            if (stream.aborted) break;
            await stream.writeSSE({ data: JSON.stringify(update) });
          }
        } finally {
          clearInterval(heartbeat);
          open.delete(end);
          done.abort();
        }
      });
    })

    .get('/:id', async (c) => c.json(await jobs.get(checkJobId(c.req.param('id')))))

    .post('/:id/cancel', async (c) => {
      const id = checkJobId(c.req.param('id'));
      return c.json(await jobs.cancel(id, currentUser(c).username));
    });
}
