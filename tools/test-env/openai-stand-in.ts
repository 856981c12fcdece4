// A local stand-in for the OpenAI API: POST /v1/chat/completions (plain,
// with tool calls, and streamed as server-sent chat.completion.chunk events),
// POST /v1/moderations and GET /v1/models with the real request and response
// JSON, so services' tests drive the real openai SDK against it
// (OPENAI_BASE_URL = standIn.baseUrl). Tests script the answers and read back
// what was asked.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tool call as the API writes it in an assistant message. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: string;
  /** The message's text; '' when it had none (an assistant message with only tool calls). */
  content: string;
  /** An assistant message's tool calls. */
  tool_calls?: ToolCall[];
  /** A tool message: the call it answers. */
  tool_call_id?: string;
  [key: string]: unknown;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  /** The tools offered ({ type: 'function', function: { name, description, parameters } }). */
  tools?: { type: string; function: { name: string; [key: string]: unknown } }[];
  stream?: boolean;
  [key: string]: unknown;
}

/** A tool call to answer with; arguments that are not a string are sent as their JSON. */
export interface ScriptedToolCall {
  name: string;
  arguments: unknown;
  /** Default call_standin<request>_<index>. */
  id?: string;
}

/**
 * A reply's text, a reply that comes late (to test timeouts), tool calls (with optional text
 * before them; finish_reason 'tool_calls'), or an API error with its status. Each is streamed
 * when the request asks for `stream: true`.
 */
export type StandInAnswer =
  | string
  | { content: string; delayMs: number }
  | { toolCalls: ScriptedToolCall[]; content?: string; delayMs?: number }
  | { status: number; message: string };

/** Answers from the request itself; `n` is the request's number (1, 2 …). */
export type StandInAnswerFn = (n: number, request: ChatCompletionRequest) => StandInAnswer;

export interface ModerationRequest {
  model?: string;
  input: unknown;
  [key: string]: unknown;
}

/** Every category omni-moderation-latest reports, with the input types it applies to. */
export const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

/** The last message of a request (tests answer a tool result differently from a question). */
export function lastMessage(request: ChatCompletionRequest): ChatMessage | undefined {
  return request.messages.at(-1);
}

export interface OpenAiStandIn {
  /** Ends in /v1, as the SDK's baseURL expects. */
  baseUrl: string;
  /** Every chat-completion request received, oldest first. */
  requests: ChatCompletionRequest[];
  /** Every moderation request received, oldest first. */
  moderationRequests: ModerationRequest[];
  /** Queues answers, used one per request in order; a function answers from the request. */
  answer(...answers: (StandInAnswer | StandInAnswerFn)[]): void;
  /** Used when the queue is empty; a function sees the request's number (1, 2 …) and the request. */
  setDefault(answer: StandInAnswer | StandInAnswerFn): void;
  /**
   * Moderation flags every input containing one of `words` (case-insensitive) in `category`;
   * replaces the words given before. With none, nothing is flagged (the default).
   */
  flagWords(words: string[], category?: ModerationCategory): void;
  /** Makes moderation answer this API error (or answer normally again with null). */
  failModeration(error: { status: number; message: string } | null): void;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function apiError(res: ServerResponse, status: number, message: string, code: string | null) {
  send(res, status, { error: { message, type: 'invalid_request_error', param: null, code } });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const USAGE = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };

interface Reply {
  content: string | null;
  toolCalls: ToolCall[];
}

function toolCallsOf(calls: ScriptedToolCall[], n: number): ToolCall[] {
  return calls.map((call, i) => ({
    id: call.id ?? `call_standin${n}_${i}`,
    type: 'function',
    function: {
      name: call.name,
      arguments:
        typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
}

function completion(model: string, reply: Reply, n: number) {
  const message =
    reply.toolCalls.length > 0
      ? { role: 'assistant', content: reply.content, refusal: null, tool_calls: reply.toolCalls }
      : { role: 'assistant', content: reply.content ?? '', refusal: null };
  return {
    id: `chatcmpl-standin${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: reply.toolCalls.length > 0 ? 'tool_calls' : 'stop',
      },
    ],
    usage: USAGE,
  };
}

/** Text in pieces of a few words, as a model streams it. */
function pieces(text: string): string[] {
  return (
    text.match(/\S+\s*|\s+/g)?.reduce<string[]>((out, word, i) => {
      if (i % 3 === 0) out.push(word);
      else out[out.length - 1] += word;
      return out;
    }, []) ?? []
  );
}

/** The chat.completion.chunk events of a reply, as `stream: true` sends them. */
function chunks(model: string, reply: Reply, n: number, includeUsage: boolean): unknown[] {
  const base = {
    id: `chatcmpl-standin${n}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: 'fp_standin',
  };
  const choice = (delta: unknown, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const out: unknown[] = [choice({ role: 'assistant', content: '', refusal: null })];
  for (const piece of pieces(reply.content ?? '')) out.push(choice({ content: piece }));
  reply.toolCalls.forEach((call, index) => {
    out.push(
      choice({
        tool_calls: [
          {
            index,
            id: call.id,
            type: 'function',
            function: { name: call.function.name, arguments: '' },
          },
        ],
      }),
    );
    // Arguments arrive in slices, as the real API sends them.
    const args = call.function.arguments;
    for (let i = 0; i < args.length; i += 8) {
      out.push(choice({ tool_calls: [{ index, function: { arguments: args.slice(i, i + 8) } }] }));
    }
  });
  out.push(choice({}, reply.toolCalls.length > 0 ? 'tool_calls' : 'stop'));
  if (includeUsage) out.push({ ...base, choices: [], usage: USAGE });
  return out;
}

function sendStream(res: ServerResponse, events: unknown[]): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** Message content as text: parts joined, null as ''. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        const text = (part as { text?: unknown } | null)?.text;
        return typeof text === 'string' ? text : '';
      })
      .join('');
  }
  return '';
}

function inputTexts(input: unknown): string[] {
  const items = Array.isArray(input) ? (input as unknown[]) : [input];
  return items.map((item) => {
    if (typeof item === 'string') return item;
    const text = (item as { text?: unknown } | null)?.text;
    return typeof text === 'string' ? text : '';
  });
}

function moderationResult(text: string, words: string[], category: ModerationCategory) {
  const lower = text.toLowerCase();
  const flagged = words.some((word) => lower.includes(word.toLowerCase()));
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const appliesTo: Record<string, string[]> = {};
  for (const name of MODERATION_CATEGORIES) {
    categories[name] = flagged && name === category;
    scores[name] = flagged && name === category ? 0.97 : 0.0001;
    appliesTo[name] = flagged && name === category ? ['text'] : [];
  }
  return {
    flagged,
    categories,
    category_scores: scores,
    category_applied_input_types: appliesTo,
  };
}

export interface OpenAiStandInOptions {
  /** When set, other bearer tokens get the real 401 answer. */
  apiKey?: string;
  /** What GET /v1/models lists (default gpt-4o-mini, gpt-4o). */
  models?: string[];
}

/** Starts on a free local port. */
export async function startOpenAiStandIn(
  options: OpenAiStandInOptions = {},
): Promise<OpenAiStandIn> {
  const requests: ChatCompletionRequest[] = [];
  const moderationRequests: ModerationRequest[] = [];
  const queue: (StandInAnswer | StandInAnswerFn)[] = [];
  let fallback: StandInAnswer | StandInAnswerFn = {
    status: 500,
    message: 'the stand-in has no answer scripted for this request',
  };
  let flag: { words: string[]; category: ModerationCategory } = {
    words: [],
    category: 'harassment',
  };
  let moderationError: { status: number; message: string } | null = null;

  function moderate(res: ServerResponse, body: ModerationRequest) {
    if (body.input === undefined) return apiError(res, 400, 'input is required', null);
    moderationRequests.push(body);
    if (moderationError)
      return apiError(res, moderationError.status, moderationError.message, null);
    send(res, 200, {
      id: `modr-standin${moderationRequests.length}`,
      model: body.model ?? 'omni-moderation-latest',
      results: inputTexts(body.input).map((text) =>
        moderationResult(text, flag.words, flag.category),
      ),
    });
  }

  const models = new Set(options.models ?? ['gpt-4o-mini', 'gpt-4o']);

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
          return apiError(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
        }
        const data = [...models].map((id) => ({
          id,
          object: 'model',
          created: 1_700_000_000,
          owned_by: 'stand-in',
        }));
        return send(res, 200, { object: 'list', data });
      }
      const route = req.method === 'POST' ? req.url : undefined;
      if (route !== '/v1/chat/completions' && route !== '/v1/moderations') {
        return apiError(res, 404, `Invalid URL (${req.method} ${req.url})`, null);
      }
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return apiError(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readBody(req));
      } catch {
        return apiError(res, 400, 'We could not parse the JSON body of your request.', null);
      }
      if (typeof parsed !== 'object' || parsed === null) {
        return apiError(res, 400, 'the request body must be a JSON object', null);
      }
      if (route === '/v1/moderations') return moderate(res, parsed as ModerationRequest);
      const body = parsed as ChatCompletionRequest;
      if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
        return apiError(res, 400, 'model and messages are required', null);
      }
      body.messages = (body.messages as unknown[]).map((m) => {
        const message = (typeof m === 'object' && m !== null ? m : {}) as Record<string, unknown>;
        return { ...message, role: String(message.role), content: textOf(message.content) };
      });
      requests.push(body);
      const n = requests.length;
      const next = queue.shift() ?? fallback;
      const answer = typeof next === 'function' ? next(n, body) : next;
      if (typeof answer !== 'string' && 'status' in answer) {
        return apiError(res, answer.status, answer.message, null);
      }
      const delayMs = typeof answer === 'string' ? 0 : (answer.delayMs ?? 0);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (res.destroyed) return;
      const reply: Reply =
        typeof answer === 'string'
          ? { content: answer, toolCalls: [] }
          : 'toolCalls' in answer
            ? { content: answer.content ?? null, toolCalls: toolCallsOf(answer.toolCalls, n) }
            : { content: answer.content, toolCalls: [] };
      if (body.stream === true) {
        const usage = (body.stream_options as { include_usage?: unknown } | undefined)
          ?.include_usage;
        return sendStream(res, chunks(body.model, reply, n, usage === true));
      }
      send(res, 200, completion(body.model, reply, n));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    moderationRequests,
    answer: (...answers) => void queue.push(...answers),
    setDefault: (answer) => {
      fallback = answer;
    },
    flagWords: (words, category = 'harassment') => {
      flag = { words: [...words], category };
    },
    failModeration: (error) => {
      moderationError = error;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
