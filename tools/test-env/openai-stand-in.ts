// A local stand-in for the OpenAI API: POST /v1/chat/completions and
// POST /v1/moderations with the real request and response JSON, so services'
// tests drive the real openai SDK against it (OPENAI_BASE_URL =
// standIn.baseUrl). Tests script the answers and read back what was asked.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  [key: string]: unknown;
}

/** A reply's text, a reply that comes late (to test timeouts), or an API error with its status. */
export type StandInAnswer =
  string | { content: string; delayMs: number } | { status: number; message: string };

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

function completion(model: string, content: string, n: number) {
  return {
    id: `chatcmpl-standin${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
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

/** Starts on a free local port. With apiKey, other bearer tokens get the real 401 answer. */
export async function startOpenAiStandIn(
  options: { apiKey?: string } = {},
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

  const server = createServer((req, res) => {
    void (async () => {
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
      requests.push(body);
      const n = requests.length;
      const next = queue.shift() ?? fallback;
      const answer = typeof next === 'function' ? next(n, body) : next;
      if (typeof answer === 'string') return send(res, 200, completion(body.model, answer, n));
      if ('status' in answer) return apiError(res, answer.status, answer.message, null);
      await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (!res.destroyed) send(res, 200, completion(body.model, answer.content, n));
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
