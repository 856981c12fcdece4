// /api/ai: Jarvis's status, the chat (answers streamed as server-sent events),
// conversations, the proposed actions and their decisions, and log analyses.
// Every input is checked before anything is written.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { LOG_ANALYSIS_TAIL } from '../ai/analysis-job.ts';
import type { LogAnalysisStore } from '../ai/log-analysis-store.ts';
import { aiStatus, checkAi, notConfigured, type AiConfig } from '../ai/openai-client.ts';
import type { ContainerManager } from '../domain/container-manager.ts';
import { checkContainerRef } from '../domain/containers.ts';
import { DomainError } from '../domain/errors.ts';
import { parseInput, readJson } from '../http/errors.ts';
import { currentUser } from '../http/session.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { ActionDecisions } from './actions.ts';
import { startTurn, type ChatDeps } from './chat.ts';
import type { JarvisStore } from './store.ts';

export const MESSAGE_MAX = 4_000;
const HEARTBEAT_MS = 15_000;
const HOST = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const uuidParam = (what: string, raw: string | undefined) => {
  if (!raw || !UUID.test(raw)) {
    throw new DomainError(
      'invalid_input',
      `"${(raw ?? '').slice(0, 40)}" is not a ${what} id (a UUID)`,
    );
  }
  return raw.toLowerCase();
};

const chatBody = z.object({
  sessionId: z.uuid({ error: 'expected the id of a conversation (a UUID)' }).optional(),
  message: z
    .string({ error: 'required: your message' })
    .trim()
    .min(1, 'required: your message')
    .max(MESSAGE_MAX, `expected at most ${MESSAGE_MAX} characters`),
});
const renameBody = z.object({
  title: z
    .string({ error: 'required: the new title' })
    .trim()
    .min(1, 'required: the new title')
    .max(120, 'expected at most 120 characters'),
});
const statusQuery = z.object({
  check: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
});
const limitQuery = z.object({
  limit: z.coerce.number({ error: 'expected a number (1-200)' }).int().min(1).max(200).default(50),
});
const actionsQuery = limitQuery.extend({
  sessionId: z.uuid({ error: 'expected the id of a conversation (a UUID)' }).optional(),
});
const analysesQuery = limitQuery.extend({
  container: z
    .string()
    .max(128)
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : checkContainerRef(v))),
});
const analysisBody = z.object({
  host: z
    .string({ error: 'required: a Docker host name' })
    .regex(HOST, 'expected a Docker host name'),
  container: z
    .string({ error: 'required: a container name or id' })
    .min(1, 'required: a container name or id')
    .max(128)
    .transform((v) => checkContainerRef(v)),
  tail: z
    .number({
      error: `expected a number of lines (${LOG_ANALYSIS_TAIL.min}-${LOG_ANALYSIS_TAIL.max})`,
    })
    .int()
    .min(LOG_ANALYSIS_TAIL.min)
    .max(LOG_ANALYSIS_TAIL.max)
    .default(LOG_ANALYSIS_TAIL.default),
});

export interface JarvisRouteDeps {
  config: AiConfig;
  chat: Omit<ChatDeps, 'store' | 'tools'> & Pick<ChatDeps, 'tools'>;
  store: JarvisStore;
  decisions: ActionDecisions;
  analyses: LogAnalysisStore;
  containers: ContainerManager;
  /** The job queue; log analyses answer 503 without it. */
  jobs?: JobQueue;
  /** Aborted when the service stops: open chat streams end. */
  shutdown: AbortSignal;
}

export function jarvisRoutes(deps: JarvisRouteDeps) {
  const { store } = deps;
  /** Conversations with a turn under way here: a second message waits for the answer. */
  const answering = new Set<string>();
  const requireAi = () => {
    if (!aiStatus(deps.config).configured) throw notConfigured();
  };

  return new Hono()
    .get('/status', async (c) => {
      const { check } = parseInput(statusQuery, c.req.query());
      const status = aiStatus(deps.config);
      // ?check=true also asks the API for its models (is it there, does the key work).
      if (check === 'false' || !status.configured) return c.json(status);
      return c.json({ ...status, check: await checkAi(deps.config) });
    })

    .post('/chat', async (c) => {
      const input = await readJson(c, chatBody);
      requireAi();
      // An unknown conversation is a 404 before anything is stored or streamed.
      if (input.sessionId) await store.session(input.sessionId);
      if (input.sessionId && answering.has(input.sessionId)) {
        throw new DomainError(
          'conflict',
          'Jarvis is still answering in this conversation: wait for the answer, then ask again',
        );
      }
      const turn = await startTurn({ ...deps.chat, store }, input);
      answering.add(turn.session.id);
      return streamSSE(c, async (stream) => {
        const done = new AbortController();
        const end = () => done.abort();
        if (deps.shutdown.aborted) done.abort();
        else deps.shutdown.addEventListener('abort', end);
        stream.onAbort(end);
        const heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
        try {
          for await (const event of turn.events(done.signal)) {
            if (stream.aborted) break;
            const { type, ...data } = event;
            await stream.writeSSE({ event: type, data: JSON.stringify(data) });
          }
        } finally {
          answering.delete(turn.session.id);
          clearInterval(heartbeat);
          deps.shutdown.removeEventListener('abort', end);
          done.abort();
        }
      });
    })

    .get('/sessions', async (c) => {
      const { limit } = parseInput(limitQuery, c.req.query());
      return c.json({ sessions: await store.sessions(limit) });
    })

    .get('/sessions/:id', async (c) => {
      const id = uuidParam('conversation', c.req.param('id'));
      const session = await store.session(id);
      const [messages, actions] = await Promise.all([
        store.messages(id),
        store.actions({ sessionId: id, limit: 200 }),
      ]);
      return c.json({ session, messages, actions });
    })

    .patch('/sessions/:id', async (c) => {
      const id = uuidParam('conversation', c.req.param('id'));
      const { title } = await readJson(c, renameBody);
      return c.json({ session: await store.rename(id, title) });
    })

    .delete('/sessions/:id', async (c) => {
      const id = uuidParam('conversation', c.req.param('id'));
      await store.remove(id);
      return c.json({ deleted: id });
    })

    .get('/actions', async (c) => {
      const { limit, sessionId } = parseInput(actionsQuery, c.req.query());
      return c.json({ actions: await store.actions({ sessionId, limit }) });
    })

    .post('/actions/:id/approve', async (c) => {
      const id = uuidParam('proposed action', c.req.param('id'));
      return c.json({ action: await deps.decisions.approve(id, currentUser(c).username) });
    })

    .post('/actions/:id/reject', async (c) => {
      const id = uuidParam('proposed action', c.req.param('id'));
      return c.json({ action: await deps.decisions.reject(id, currentUser(c).username) });
    })

    .post('/log-analyses', async (c) => {
      const { host, container, tail } = await readJson(c, analysisBody);
      requireAi();
      if (!deps.jobs) {
        throw new DomainError('unavailable', 'background jobs are not running: cannot analyze now');
      }
      // An unknown host or container is a 404 now, not a failed job later.
      const found = await deps.containers.container(host, container);
      const requestedBy = currentUser(c).username;
      const job = await deps.jobs.enqueue(
        'ai-analysis',
        { target: 'container-logs', host, container: found.name, tail, requestedBy },
        { requestedBy },
      );
      return c.json({ jobId: job.id, job }, 202);
    })

    .get('/log-analyses', async (c) => {
      const { limit, container } = parseInput(analysesQuery, c.req.query());
      return c.json({ analyses: await deps.analyses.list({ container, limit }) });
    })

    .get('/log-analyses/:id', async (c) => {
      const id = uuidParam('log analysis', c.req.param('id'));
      return c.json({ analysis: await deps.analyses.get(id) });
    });
}
