// A local stand-in for the OpenAI API: POST /v1/chat/completions with the
// real request and response JSON, so services' tests drive the real openai
// SDK against it (OPENAI_BASE_URL = standIn.baseUrl). Tests script the
// answers and read back what was asked.
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

export interface OpenAiStandIn {
  /** Ends in /v1, as the SDK's baseURL expects. */
  baseUrl: string;
  /** Every chat-completion request received, oldest first. */
  requests: ChatCompletionRequest[];
  /** Queues answers, used one per request in order. */
  answer(...answers: StandInAnswer[]): void;
  /** Used when the queue is empty; a function sees the request's number (1, 2 …). */
  setDefault(answer: StandInAnswer | ((n: number) => StandInAnswer)): void;
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

/** Starts on a free local port. With apiKey, other bearer tokens get the real 401 answer. */
export async function startOpenAiStandIn(
  options: { apiKey?: string } = {},
): Promise<OpenAiStandIn> {
  const requests: ChatCompletionRequest[] = [];
  const queue: StandInAnswer[] = [];
  let fallback: StandInAnswer | ((n: number) => StandInAnswer) = {
    status: 500,
    message: 'the stand-in has no answer scripted for this request',
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        return apiError(res, 404, `Invalid URL (${req.method} ${req.url})`, null);
      }
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return apiError(res, 401, 'Incorrect API key provided.', 'invalid_api_key');
      }
      let body: ChatCompletionRequest;
      try {
        body = JSON.parse(await readBody(req)) as ChatCompletionRequest;
      } catch {
        return apiError(res, 400, 'We could not parse the JSON body of your request.', null);
      }
      if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
        return apiError(res, 400, 'model and messages are required', null);
      }
      requests.push(body);
      const n = requests.length;
      const answer = queue.shift() ?? (typeof fallback === 'function' ? fallback(n) : fallback);
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
    answer: (...answers) => void queue.push(...answers),
    setDefault: (answer) => {
      fallback = answer;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
