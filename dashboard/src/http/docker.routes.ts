// Docker management for the browser: the engines, their containers, actions on
// them (recorded), logs (JSON, or followed over server-sent events) and figures.
// Every input is checked before anything reaches an engine.
import type { Context } from 'hono';
import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { z } from 'zod';
import type { ContainerManager } from '../domain/container-manager.ts';
import {
  ACTIONS_LIMIT,
  checkContainerRef,
  LOG_SEARCH_MAX,
  LOG_TAIL,
  parseAction,
} from '../domain/containers.ts';
import { DomainError } from '../domain/errors.ts';
import { parseInput, readJson } from './errors.ts';
import { currentUser } from './session.ts';

const HEARTBEAT_MS = 15_000;
const HOST = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const flag = z.enum(['true', 'false'], { error: 'expected true or false' });

const listQuery = z.object({
  host: z.string().regex(HOST, 'expected a Docker host name').optional(),
  all: flag.default('true'),
});
const actionBody = z.object({ confirm: z.boolean({ error: 'expected true or false' }).optional() });
const logsQuery = z.object({
  tail: z.coerce
    .number({ error: `expected a number of lines (${LOG_TAIL.min}-${LOG_TAIL.max})` })
    .int()
    .min(LOG_TAIL.min)
    .max(LOG_TAIL.max)
    .default(LOG_TAIL.default),
  search: z.string().max(LOG_SEARCH_MAX).optional(),
  since: z.iso.datetime({ offset: true, error: 'expected an ISO time' }).optional(),
  follow: flag.default('false'),
});
const statsQuery = z.object({ stream: flag.default('true') });
const actionsQuery = z.object({
  limit: z.coerce.number().int().min(ACTIONS_LIMIT.min).max(ACTIONS_LIMIT.max).optional(),
});

function target(c: Context) {
  const host = c.req.param('host') ?? '';
  if (!HOST.test(host)) {
    throw new DomainError('invalid_input', `"${host.slice(0, 40)}" is not a Docker host name`);
  }
  return { host, id: checkContainerRef(c.req.param('id') ?? '') };
}

/**
 * Writes each item of a stream as one SSE message until the browser leaves, the
 * service stops or the stream ends. A failure, and the end of the stream (the
 * container stopped), are sent as an `error` message: EventSource would
 * otherwise reconnect at once and repeat the tail, again and again.
 */
function sseOf<T>(
  c: Context,
  shutdown: AbortSignal,
  open: (signal: AbortSignal) => AsyncIterable<T>,
  ended: string,
) {
  return streamSSE(c, async (stream: SSEStreamingApi) => {
    const done = new AbortController();
    const end = () => done.abort();
    if (shutdown.aborted) done.abort();
    else shutdown.addEventListener('abort', end);
    stream.onAbort(end);
    const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
    try {
      // done is aborted on shutdown too (end above): no second listener on the shared signal,
      // which every open stream would otherwise leave behind.
      for await (const item of open(done.signal)) {
        if (stream.aborted) break;
        await stream.writeSSE({ data: JSON.stringify(item) });
      }
      if (!stream.aborted && !shutdown.aborted) {
        const error = { code: 'conflict', message: ended };
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ error }) });
      }
    } catch (err) {
      const code = err instanceof DomainError ? err.code : 'internal';
      const message = err instanceof Error ? err.message : String(err);
      if (!stream.aborted) {
        await stream.writeSSE({
          event: 'error',
          data: JSON.stringify({ error: { code, message } }),
        });
      }
    } finally {
      clearInterval(heartbeat);
      shutdown.removeEventListener('abort', end);
      done.abort();
    }
  });
}

export function dockerRoutes(manager: ContainerManager, shutdown: AbortSignal) {
  return new Hono()
    .get('/hosts', async (c) => c.json({ hosts: await manager.hosts() }))

    .get('/containers', async (c) => {
      const { host, all } = parseInput(listQuery, c.req.query());
      return c.json(await manager.containers(host, all === 'true'));
    })

    .post('/containers/:host/:id/:action', async (c) => {
      const { host, id } = target(c);
      const action = parseAction(c.req.param('action'));
      const { confirm } = await readJson(c, actionBody);
      const requestedBy = currentUser(c).username;
      return c.json(
        await manager.act({ host, id, action, confirm: confirm === true, requestedBy }),
      );
    })

    .get('/containers/:host/:id/logs', async (c) => {
      const { host, id } = target(c);
      const q = parseInput(logsQuery, c.req.query());
      const since = q.since === undefined ? undefined : new Date(q.since);
      const options = { tail: q.tail, search: q.search, since };
      if (q.follow === 'false') return c.json({ lines: await manager.logs(host, id, options) });
      // An unknown container is a 404 answer, not an event stream that ends at once.
      const { name } = await manager.container(host, id);
      const ended = `${name} is not running: its log stream ended`;
      return sseOf(c, shutdown, (signal) => manager.followLogs(host, id, options, signal), ended);
    })

    .get('/containers/:host/:id/stats', async (c) => {
      const { host, id } = target(c);
      const { stream } = parseInput(statsQuery, c.req.query());
      if (stream === 'false') return c.json(await manager.stats(host, id));
      const { name } = await manager.container(host, id);
      const ended = `${name} is not running: no more figures`;
      return sseOf(c, shutdown, (signal) => manager.streamStats(host, id, signal), ended);
    })

    .get('/actions', async (c) => {
      const { limit } = parseInput(actionsQuery, c.req.query());
      return c.json({ actions: await manager.history(limit ?? ACTIONS_LIMIT.default) });
    });
}
