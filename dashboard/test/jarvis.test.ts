// Jarvis against the real dashboard: Postgres, a nats-server of this file's own
// with a stand-in stream-bot, a private dockerd, and the OpenAI stand-in
// reached through the real openai SDK (tool calls, streaming). It answers from
// a read-only tool; a proposed restart does nothing until approved and then
// restarts a real container; rejected ones stay undone; decisions are final;
// bad input changes nothing; log analyses are stored; without a key it says
// what to set.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDockerd } from '../../scripts/lib/preflight.mjs';
import {
  dockerEngineMissing,
  startDockerEngine,
  TEST_IMAGE,
  type DockerEngineHandle,
} from '../../tools/test-env/docker-engine.ts';
import { startNatsServer, type NatsServerHandle } from '../../tools/test-env/mod.ts';
import {
  lastMessage,
  startOpenAiStandIn,
  type ChatCompletionRequest,
  type OpenAiStandIn,
  type StandInAnswer,
} from '../../tools/test-env/openai-stand-in.ts';
import { connectAs, eventually } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';
import { readSse } from './sse.ts';
import { standInStreambot } from './stand-in-streambot.ts';

const skip = !findDockerd() && !process.env.CI;
const title = skip ? `Jarvis (skipped: ${dockerEngineMissing()})` : 'Jarvis';
const KEY = 'sk-test-jarvis-not-secret';
const TICKER = [
  'sh',
  '-c',
  'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.5; done',
];
const CRASHER = [
  'sh',
  '-c',
  'echo "starting api"; echo "ERROR: connect ECONNREFUSED 10.0.0.9:5432" >&2; trap "exit 0" TERM; while true; do sleep 1; done',
];

interface ChatEvent {
  event: string;
  data: Record<string, unknown>;
}
interface Action {
  id: string;
  sessionId: string | null;
  tool: string;
  arguments: Record<string, unknown>;
  summary: string;
  status: string;
  result: Record<string, unknown> | null;
  error: string | null;
  decidedBy: string | null;
}
interface Message {
  role: string;
  content: string;
  toolCalls: { function: { name: string } }[] | null;
  toolCallId: string | null;
}

let nats: NatsServerHandle;
let streambot: Awaited<ReturnType<typeof standInStreambot>>;
let engine: DockerEngineHandle;
let openai: OpenAiStandIn;
let svc: TestService;

/** Sends a message and collects the streamed events until done or error. */
async function chat(body: unknown): Promise<ChatEvent[]> {
  const res = await svc.post('/api/ai/chat', body);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const sse = readSse(res);
  const out: ChatEvent[] = [];
  for (;;) {
    const m = await sse.next(30_000);
    out.push({ event: m.event ?? 'message', data: JSON.parse(m.data) as Record<string, unknown> });
    if (m.event === 'done' || m.event === 'error') break;
  }
  await sse.close?.();
  return out;
}

const answerText = (events: ChatEvent[]) =>
  events
    .filter((e) => e.event === 'delta')
    .map((e) => e.data.text)
    .join('');

/** Calls `tool` for a question, then answers in words from the tool's result. */
function toolThenText(name: string, args: unknown, say: (result: string) => string) {
  return (_n: number, req: ChatCompletionRequest): StandInAnswer => {
    const last = lastMessage(req);
    if (last?.role === 'tool') return say(last.content);
    return { toolCalls: [{ name, arguments: args }] };
  };
}

/** A tool-using answer serves both requests of the turn (the call, then the words). */
function twice(answer: (n: number, req: ChatCompletionRequest) => StandInAnswer) {
  openai.answer(answer, answer);
}

const startedAt = async (name: string) =>
  (await engine.docker.getContainer(name).inspect()).State.StartedAt;

async function actions(): Promise<Action[]> {
  const res = await svc.get('/api/ai/actions?limit=200');
  expect(res.status).toBe(200);
  return ((await res.json()) as { actions: Action[] }).actions;
}

async function sessionCount(): Promise<number> {
  const res = await svc.get('/api/ai/sessions?limit=200');
  return ((await res.json()) as { sessions: unknown[] }).sessions.length;
}

async function run(name: string, cmd = TICKER) {
  const c = await engine.docker.createContainer({ name, Image: TEST_IMAGE, Cmd: cmd });
  await c.start();
}

beforeAll(async () => {
  if (skip) return;
  [nats, engine, openai] = await Promise.all([
    startNatsServer(),
    startDockerEngine(),
    startOpenAiStandIn({ apiKey: KEY }),
  ]);
  streambot = await standInStreambot(() => connectAs('streambot', nats.url));
  streambot.setFacts([
    {
      factId: randomUUID(),
      text: 'Honey never spoils.',
      source: 'manual',
      createdAt: new Date().toISOString(),
    },
  ]);
  await streambot.answer();
  const started = startTestService({
    NATS_URL: nats.url,
    DOCKER_HOSTS: `local=${engine.socket}`,
    STACK_CONTAINERS: 'stack-app',
    DEPLOY_STABLE_MS: '500',
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: openai.baseUrl,
    JARVIS_MODEL: 'gpt-4o-mini',
    AI_TIMEOUT_MS: '10000',
  });
  await Promise.all([run('ticker'), run('stack-app'), run('crasher', CRASHER)]);
  svc = await started;
});

afterAll(async () => {
  await svc?.stop();
  await streambot?.close();
  await Promise.all([engine?.dispose(), openai?.close(), nats?.dispose()]);
});

describe.skipIf(skip)(title, () => {
  it('says it is configured, with the model and the API host but never the key', async () => {
    const res = await svc.get('/api/ai/status');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text)).toEqual({
      configured: true,
      model: 'gpt-4o-mini',
      analysisModel: 'gpt-4o-mini',
      baseUrlHost: new URL(openai.baseUrl).host,
      hint: null,
    });
  });

  it('checks on request that the API answers and lists the model', async () => {
    const res = await svc.get('/api/ai/status?check=true');
    expect(((await res.json()) as { check: unknown }).check).toEqual({
      reachable: true,
      modelListed: true,
      error: null,
    });
    expect((await svc.get('/api/ai/status?check=maybe')).status).toBe(400);
  });

  it('takes one message at a time per conversation', async () => {
    openai.answer({ content: 'Slowly, yes.', delayMs: 1_500 });
    const res = await svc.post('/api/ai/chat', { message: 'Are you slow?' });
    const sse = readSse(res);
    const first = JSON.parse((await sse.next()).data) as { session: { id: string } };
    const second = await svc.post('/api/ai/chat', {
      sessionId: first.session.id,
      message: 'Hello?',
    });
    expect(second.status).toBe(409);
    expect(await second.text()).toMatch(/still answering/);
    let m = await sse.next();
    while (m.event !== 'done') m = await sse.next();
    await sse.close();
    const detail = (await (await svc.get(`/api/ai/sessions/${first.session.id}`)).json()) as {
      messages: Message[];
    };
    expect(detail.messages.map((x) => x.content)).toEqual(['Are you slow?', 'Slowly, yes.']);
  });

  it('answers a question from a read-only tool, streamed, and keeps the conversation', async () => {
    twice(
      toolThenText('get_latest_fact', {}, (result) => {
        const fact = (JSON.parse(result) as { fact: { text: string } }).fact;
        return `The latest fact from stream-bot is: ${fact.text}`;
      }),
    );
    const events = await chat({ message: "What is stream-bot's latest fact?" });
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['session', 'tool', 'delta', 'done']),
    );
    expect(events[0]).toMatchObject({
      event: 'session',
      data: { session: { title: "What is stream-bot's latest fact?" } },
    });
    const tool = events.find((e) => e.event === 'tool')!;
    expect(tool.data).toMatchObject({ name: 'get_latest_fact', ok: true });
    expect(tool.data.result).toContain('Honey never spoils.');
    expect(answerText(events)).toBe('The latest fact from stream-bot is: Honey never spoils.');
    // Streamed in pieces, through tool definitions derived from the schemas.
    expect(events.filter((e) => e.event === 'delta').length).toBeGreaterThan(1);
    const [first, second] = openai.requests.slice(-2);
    expect(first?.stream).toBe(true);
    expect(first?.tools?.map((t) => t.function.name)).toEqual(
      expect.arrayContaining(['get_latest_fact', 'list_containers', 'restart_container']),
    );
    expect(second?.messages.at(-1)).toMatchObject({ role: 'tool' });

    const sessionId = (events[0]!.data.session as { id: string }).id;
    const res = await svc.get(`/api/ai/sessions/${sessionId}`);
    const { messages } = (await res.json()) as { messages: Message[] };
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(messages[1]?.toolCalls?.[0]?.function.name).toBe('get_latest_fact');
    expect(messages[3]?.content).toContain('Honey never spoils.');

    // The next turn carries the history.
    openai.answer('You asked about the latest fact.');
    const next = await chat({ sessionId, message: 'What did I ask?' });
    expect(answerText(next)).toBe('You asked about the latest fact.');
    expect(openai.requests.at(-1)?.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
    ]);
  });

  it('runs several read-only tools in one round and says when an owner does not answer', async () => {
    twice((_n, req) => {
      if (lastMessage(req)?.role !== 'tool') {
        return {
          toolCalls: [
            { name: 'get_container_logs', arguments: { container: 'crasher', tail: 10 } },
            { name: 'get_health_summary', arguments: {} },
            { name: 'get_bot_status', arguments: {} },
            { name: 'get_open_tickets', arguments: {} },
          ],
        };
      }
      const results = req.messages.filter((m) => m.role === 'tool').slice(-4);
      return `I looked at ${results.length} things.`;
    });
    const events = await chat({ message: 'How is everything?' });
    const tools = events.filter((e) => e.event === 'tool').map((e) => e.data);
    expect(tools.map((t) => [t.name, t.ok])).toEqual([
      ['get_container_logs', true],
      ['get_health_summary', true],
      ['get_bot_status', true],
      ['get_open_tickets', false],
    ]);
    expect(tools[0]!.result).toContain('ERROR: connect ECONNREFUSED');
    expect(tools[2]!.result).toContain('"connected":false');
    expect(tools[3]!.result).toMatch(/no open tickets seen yet: discord-bot has not answered/);
    expect(answerText(events)).toBe('I looked at 4 things.');
  });

  it('proposes a restart that does nothing until approved, then restarts the real container', async () => {
    const before = await startedAt('stack-app');
    twice(
      toolThenText(
        'restart_container',
        { host: 'local', container: 'stack-app' },
        () => 'I proposed restarting stack-app; it waits for your approval.',
      ),
    );
    const events = await chat({ message: 'Please restart stack-app' });
    const proposal = events.find((e) => e.event === 'proposal')!;
    expect(proposal.data).toMatchObject({
      tool: 'restart_container',
      args: { host: 'local', container: 'stack-app' },
      summary: 'Restart container stack-app on local (part of the homelab stack)',
      status: 'proposed',
    });
    expect(answerText(events)).toContain('waits for your approval');
    // The model heard that it awaits approval, not that it happened.
    expect(openai.requests.at(-1)?.messages.at(-1)?.content).toContain('awaiting_approval');

    const id = proposal.data.id as string;
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await startedAt('stack-app')).toBe(before);
    expect((await actions()).find((a) => a.id === id)?.status).toBe('proposed');

    const approved = await svc.post(`/api/ai/actions/${id}/approve`);
    expect(approved.status).toBe(200);
    const { action } = (await approved.json()) as { action: Action };
    expect(action).toMatchObject({ status: 'succeeded', decidedBy: 'admin', error: null });
    expect(action.result).toMatchObject({ container: 'stack-app', state: 'running' });
    await eventually(async () => {
      expect(await startedAt('stack-app')).not.toBe(before);
      const state = (await engine.docker.getContainer('stack-app').inspect()).State;
      expect(state.Running).toBe(true);
    }, 30_000);
    // The container action is recorded by the Docker feature too, as confirmed.
    const history = (await (await svc.get('/api/docker/actions')).json()) as {
      actions: { name: string; action: string; confirmed: boolean; requestedBy: string }[];
    };
    expect(history.actions[0]).toMatchObject({
      name: 'stack-app',
      action: 'restart',
      confirmed: true,
      requestedBy: 'admin',
    });

    const again = await svc.post(`/api/ai/actions/${id}/approve`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(
      /succeeded already/,
    );
    expect((await svc.post(`/api/ai/actions/${id}/reject`)).status).toBe(409);

    // The result is in the conversation, so the model sees it on the next turn.
    openai.answer('Done: stack-app was restarted.');
    await chat({ sessionId: action.sessionId, message: 'Did it work?' });
    const asked = openai.requests
      .at(-1)!
      .messages.map((m) => m.content)
      .join('\n');
    expect(asked).toMatch(/I approved "Restart container stack-app on local.*" and it was done/);
  });

  it('leaves a rejected restart undone, and a decision cannot be changed', async () => {
    const before = await startedAt('ticker');
    twice(toolThenText('restart_container', { container: 'ticker' }, () => 'Proposed.'));
    const events = await chat({ message: 'restart ticker' });
    const id = events.find((e) => e.event === 'proposal')!.data.id as string;
    const rejected = await svc.post(`/api/ai/actions/${id}/reject`);
    expect(rejected.status).toBe(200);
    expect(((await rejected.json()) as { action: Action }).action).toMatchObject({
      status: 'rejected',
      decidedBy: 'admin',
    });
    expect((await svc.post(`/api/ai/actions/${id}/approve`)).status).toBe(409);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await startedAt('ticker')).toBe(before);
    const sessionId = (events[0]!.data.session as { id: string }).id;
    const detail = (await (await svc.get(`/api/ai/sessions/${sessionId}`)).json()) as {
      messages: Message[];
      actions: Action[];
    };
    expect(detail.actions).toEqual([expect.objectContaining({ id, status: 'rejected' })]);
    expect(detail.messages.at(-1)).toMatchObject({
      role: 'user',
      content: expect.stringMatching(/I rejected/),
    });
  });

  it('tells the model, not the user, when it proposes something impossible', async () => {
    const before = (await actions()).length;
    twice(
      toolThenText(
        'restart_container',
        { container: 'no-such-container' },
        (result) => `Sorry: ${result}`,
      ),
    );
    const events = await chat({ message: 'restart no-such-container' });
    expect(events.find((e) => e.event === 'proposal')).toBeUndefined();
    expect(events.find((e) => e.event === 'tool')?.data).toMatchObject({ ok: false });
    expect(answerText(events)).toMatch(/cannot propose this/);
    twice(toolThenText('restart_container', { container: '../etc' }, (result) => result));
    expect(answerText(await chat({ message: 'restart ../etc' }))).toMatch(/bad arguments/);
    expect((await actions()).length).toBe(before);
  });

  it('answers bad input with a 4xx and writes nothing', async () => {
    const sessions = await sessionCount();
    const requests = openai.requests.length;
    const proposed = (await actions()).length;
    const analyses = async () =>
      ((await (await svc.get('/api/ai/log-analyses')).json()) as { analyses: unknown[] }).analyses
        .length;
    const analysed = await analyses();
    const cases: [string, string, unknown, number, RegExp][] = [
      ['POST', '/api/ai/chat', {}, 400, /message/],
      ['POST', '/api/ai/chat', { message: '   ' }, 400, /message/],
      ['POST', '/api/ai/chat', { message: 'x'.repeat(4_001) }, 400, /4000/],
      ['POST', '/api/ai/chat', { message: 'hi', sessionId: 'nope' }, 400, /UUID/],
      ['POST', '/api/ai/chat', { message: 'hi', sessionId: randomUUID() }, 404, /conversation/],
      ['POST', '/api/ai/actions/nope/approve', {}, 400, /UUID/],
      ['POST', `/api/ai/actions/${randomUUID()}/approve`, {}, 404, /no proposed action/],
      ['POST', `/api/ai/actions/${randomUUID()}/reject`, {}, 404, /no proposed action/],
      ['PATCH', `/api/ai/sessions/${randomUUID()}`, { title: 'x' }, 404, /conversation/],
      ['DELETE', `/api/ai/sessions/${randomUUID()}`, undefined, 404, /conversation/],
      ['GET', '/api/ai/sessions/nope', undefined, 400, /UUID/],
      ['GET', '/api/ai/sessions?limit=0', undefined, 400, /limit/],
      ['POST', '/api/ai/log-analyses', { container: 'ticker' }, 400, /host/],
      ['POST', '/api/ai/log-analyses', { host: 'local', container: '../x' }, 400, /container/],
      [
        'POST',
        '/api/ai/log-analyses',
        { host: 'local', container: 'ticker', tail: 5 },
        400,
        /tail/,
      ],
      ['POST', '/api/ai/log-analyses', { host: 'local', container: 'nothere' }, 404, /nothere/],
      [
        'POST',
        '/api/ai/log-analyses',
        { host: 'elsewhere', container: 'ticker' },
        404,
        /elsewhere/,
      ],
      ['GET', '/api/ai/log-analyses/nope', undefined, 400, /UUID/],
      ['GET', `/api/ai/log-analyses/${randomUUID()}`, undefined, 404, /no log analysis/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await svc.request(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      expect(res.status, `${method} ${path} ${text}`).toBe(status);
      expect(text, `${method} ${path}`).toMatch(message);
    }
    const [one] = (
      (await (await svc.get('/api/ai/sessions')).json()) as { sessions: { id: string }[] }
    ).sessions;
    const rename = await svc.patch(`/api/ai/sessions/${one!.id}`, { title: '  ' });
    expect(rename.status).toBe(400);
    expect(await sessionCount()).toBe(sessions);
    expect(openai.requests.length).toBe(requests);
    expect((await actions()).length).toBe(proposed);
    expect(await analyses()).toBe(analysed);
  });

  it('renames and deletes a conversation; its actions stay in the audit list', async () => {
    const list = (await (await svc.get('/api/ai/sessions')).json()) as {
      sessions: { id: string; title: string }[];
    };
    const target = list.sessions.find((s) => s.title === 'Please restart stack-app')!;
    const renamed = await svc.patch(`/api/ai/sessions/${target.id}`, { title: 'Restarts' });
    expect(renamed.status).toBe(200);
    expect(((await renamed.json()) as { session: { title: string } }).session.title).toBe(
      'Restarts',
    );
    expect((await svc.del(`/api/ai/sessions/${target.id}`)).status).toBe(200);
    expect((await svc.get(`/api/ai/sessions/${target.id}`)).status).toBe(404);
    const audit = (await actions()).filter((a) => a.summary.includes('stack-app'));
    expect(audit).toEqual([expect.objectContaining({ status: 'succeeded', sessionId: null })]);
  });

  it("analyzes a container's logs in a job and stores the analysis", async () => {
    const analysis = {
      summary: 'The API cannot reach its database.',
      findings: [
        {
          severity: 'error',
          title: 'Database refused the connection',
          detail: 'ERROR: connect ECONNREFUSED 10.0.0.9:5432',
          likelyCause: 'postgres is down or at another address',
        },
      ],
    };
    openai.answer((_n, req) =>
      lastMessage(req)?.content.includes('ECONNREFUSED')
        ? JSON.stringify(analysis)
        : { status: 400, message: 'the logs were not sent' },
    );
    const res = await svc.post('/api/ai/log-analyses', {
      host: 'local',
      container: 'crasher',
      tail: 50,
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const stored = await eventually(async () => {
      const list = await svc.get('/api/ai/log-analyses?container=crasher');
      const { analyses } = (await list.json()) as { analyses: { id: string }[] };
      expect(analyses).toHaveLength(1);
      return analyses[0]!;
    }, 30_000);
    const one = await svc.get(`/api/ai/log-analyses/${stored.id}`);
    expect(((await one.json()) as { analysis: unknown }).analysis).toMatchObject({
      host: 'local',
      containerName: 'crasher',
      lineCount: 2,
      summary: analysis.summary,
      findings: analysis.findings,
      model: 'gpt-4o-mini',
      requestedBy: 'admin',
    });
    expect(openai.requests.at(-1)?.response_format).toEqual({ type: 'json_object' });
  });

  it('ends the turn with an error event when the AI fails, keeping what the user said', async () => {
    openai.answer({ status: 500, message: 'The server had an error' });
    const events = await chat({ message: 'Are you there?' });
    expect(events.at(-1)).toMatchObject({
      event: 'error',
      data: { code: 'unavailable', message: expect.stringMatching(/refused the request \(500\)/) },
    });
    const sessionId = (events[0]!.data.session as { id: string }).id;
    const detail = (await (await svc.get(`/api/ai/sessions/${sessionId}`)).json()) as {
      messages: Message[];
    };
    expect(detail.messages.map((m) => [m.role, m.content])).toEqual([['user', 'Are you there?']]);
  });

  it('lists the background jobs and deployments through its tools', async () => {
    twice(
      toolThenText('list_jobs', { limit: 5 }, (result) => {
        const jobs = JSON.parse(result) as { kind: string; status: string }[];
        return jobs.map((j) => `${j.kind}: ${j.status}`).join(', ');
      }),
    );
    const events = await chat({ message: 'Which jobs ran?' });
    expect(events.find((e) => e.event === 'tool')?.data).toMatchObject({
      name: 'list_jobs',
      ok: true,
    });
    expect(answerText(events)).toContain('ai-analysis: succeeded');
    twice(toolThenText('list_deployments', {}, (result) => `deployments: ${result}`));
    expect(answerText(await chat({ message: 'Any deployments?' }))).toBe('deployments: []');
  });

  it('records an approved action that failed, with its error, for the model too', async () => {
    twice(toolThenText('import_media', { mode: 'copy' }, () => 'Proposed an import.'));
    const events = await chat({ message: 'Import the new movies' });
    const proposal = events.find((e) => e.event === 'proposal')!;
    expect(proposal.data.summary).toBe(
      'Import media from the import folder into Plex (copying the files)',
    );
    const res = await svc.post(`/api/ai/actions/${proposal.data.id as string}/approve`);
    expect(res.status).toBe(200);
    const { action } = (await res.json()) as { action: Action };
    expect(action).toMatchObject({ status: 'failed', decidedBy: 'admin', result: null });
    expect(action.error).toContain('PLEX_IMPORT_DIR');
    const detail = (await (await svc.get(`/api/ai/sessions/${action.sessionId}`)).json()) as {
      messages: Message[];
    };
    expect(detail.messages.at(-1)?.content).toMatch(
      /I approved "Import media.*", but it failed: .*PLEX_IMPORT_DIR/,
    );
  });

  it('proposes a deployment and, once approved, requests it from the deployments module', async () => {
    twice(toolThenText('deploy_service', { target: 'stack-app', pull: false }, () => 'Proposed.'));
    const events = await chat({ message: 'Redeploy stack-app' });
    const proposal = events.find((e) => e.event === 'proposal')!;
    expect(proposal.data).toMatchObject({
      tool: 'deploy_service',
      summary: `Deploy stack-app on local with its image ${TEST_IMAGE}`,
    });
    const res = await svc.post(`/api/ai/actions/${proposal.data.id as string}/approve`);
    expect(res.status).toBe(200);
    const { action } = (await res.json()) as { action: Action & { jobId: string } };
    expect(action.status, action.error ?? '').toBe('succeeded');
    const { deploymentId } = action.result as { deploymentId: string };
    expect(action.jobId).toEqual(expect.any(String));
    const deployment = await svc.get(`/api/deployments/${deploymentId}`);
    expect(deployment.status).toBe(200);
    expect(((await deployment.json()) as { deployment: unknown }).deployment).toMatchObject({
      target: 'stack-app',
      requestedBy: 'admin',
    });
    // Let the deployment finish before the engine goes away.
    await eventually(async () => {
      const d = (await (await svc.get(`/api/deployments/${deploymentId}`)).json()) as {
        deployment: { status: string };
      };
      expect(['succeeded', 'rolled_back', 'failed', 'cancelled']).toContain(d.deployment.status);
    }, 60_000);
  });
});

describe.skipIf(skip)(`${title}, not configured`, () => {
  let bare: TestService;
  beforeAll(async () => {
    bare = await startTestService({ NATS_URL: nats.url, DOCKER_HOSTS: `local=${engine.socket}` });
  });
  afterAll(() => bare?.stop());

  it('says what to set, answers chat with 503 and stores nothing', async () => {
    const status = (await (await bare.get('/api/ai/status')).json()) as Record<string, unknown>;
    expect(status).toMatchObject({
      configured: false,
      model: 'gpt-4o-mini',
      baseUrlHost: 'api.openai.com',
    });
    expect(status.hint).toMatch(/set OPENAI_API_KEY/);
    const res = await bare.post('/api/ai/chat', { message: 'hello?' });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error).toMatchObject({ code: 'not_configured' });
    expect(body.error.message).toContain('OPENAI_API_KEY');
    const analysis = await bare.post('/api/ai/log-analyses', {
      host: 'local',
      container: 'ticker',
    });
    expect(analysis.status).toBe(503);
    const sessions = (await (await bare.get('/api/ai/sessions')).json()) as { sessions: unknown[] };
    expect(sessions.sessions).toEqual([]);
  });
});
