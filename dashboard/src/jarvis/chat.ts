// One turn of a Jarvis conversation: the user's message stored, then rounds of
// the model (streamed) and its tool calls. Read-only tools run at once and
// their results go back to the model; tools that change something become a
// proposal (an ai_actions row) and the model hears that it awaits the user's
// approval. Everything said is stored as it happens; the caller streams the
// events to the browser.
import type OpenAI from 'openai';
import { z } from 'zod';
import { aiFailure } from '../ai/openai-client.ts';
import { DomainError } from '../domain/errors.ts';
import { titleFrom, toModelMessages } from './history.ts';
import type { JarvisStore } from './store.ts';
import { toolDefinitions, type JarvisTool } from './tools.ts';
import type { AiAction, AiSession, ToolCall } from './types.ts';

/** Model calls per turn: enough to look a few things up, never an endless loop. */
export const MAX_ROUNDS = 5;
const TOOL_RESULT_CHARS = 8_000;
const SHORT_RESULT_CHARS = 200;
const READ_TOOL_TIMEOUT_MS = 15_000;

export type ChatEvent =
  | { type: 'session'; session: AiSession }
  | { type: 'delta'; text: string }
  | { type: 'tool'; name: string; args: unknown; result: string; ok: boolean }
  | {
      type: 'proposal';
      id: string;
      tool: string;
      args: Record<string, unknown>;
      summary: string;
      status: AiAction['status'];
    }
  | { type: 'done'; messageId: number; rounds: number }
  | { type: 'error'; code: string; message: string };

export interface ChatDeps {
  client: () => OpenAI;
  model: string;
  timeoutMs: number;
  store: JarvisStore;
  tools: JarvisTool[];
  now?: () => Date;
}

const SYSTEM = `You are Jarvis, the assistant of a homelab dashboard (stream-bot, discord-bot, the dashboard, their containers).
Answer briefly and concretely. Use the tools to look things up instead of guessing; say when data is stale.
Tools that change something (restarting a container, deploying, importing media) are never run by you:
calling one only proposes the action, and the user approves or rejects it in the dashboard. After proposing,
tell the user what you proposed and that it waits for their approval. Never claim such an action happened
unless a later message reports its result.`;

const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

function parseArgs(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

const issuesOf = (err: z.ZodError) =>
  err.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The streamed answer of one model call: its text and its tool calls, put together. */
async function* streamRound(
  deps: ChatDeps,
  messages: OpenAI.ChatCompletionMessageParam[],
  signal: AbortSignal,
): AsyncGenerator<string, { content: string; toolCalls: ToolCall[] }> {
  let content = '';
  const calls: ToolCall[] = [];
  try {
    const stream = await deps.client().chat.completions.create(
      {
        model: deps.model,
        messages: [{ role: 'system', content: SYSTEM }, ...messages],
        tools: toolDefinitions(deps.tools),
        stream: true,
      },
      { signal, timeout: deps.timeoutMs },
    );
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta;
      if (!delta) continue;
      if (delta.content) {
        content += delta.content;
        yield delta.content;
      }
      for (const part of delta.tool_calls ?? []) {
        const call = (calls[part.index] ??= {
          id: '',
          type: 'function',
          function: { name: '', arguments: '' },
        });
        if (part.id) call.id = part.id;
        if (part.function?.name) call.function.name += part.function.name;
        if (part.function?.arguments) call.function.arguments += part.function.arguments;
      }
    }
  } catch (err) {
    throw aiFailure(err, deps.timeoutMs);
  }
  const toolCalls = calls.filter(Boolean).map((c, i) => ({ ...c, id: c.id || `call_${i}` }));
  return { content, toolCalls };
}

/**
 * Runs one turn. Throws before anything is stored for an unknown session; after that,
 * failures end the turn with an `error` event (what was said so far stays stored).
 */
export async function startTurn(
  deps: ChatDeps,
  input: { sessionId?: string; message: string },
): Promise<{ session: AiSession; events: (signal: AbortSignal) => AsyncGenerator<ChatEvent> }> {
  const user = { role: 'user' as const, content: input.message };
  const session =
    input.sessionId === undefined
      ? (await deps.store.createSession(titleFrom(input.message), user)).session
      : await deps.store.session(input.sessionId);
  if (input.sessionId !== undefined) await deps.store.addMessage(session.id, user);
  const byName = new Map(deps.tools.map((t) => [t.name, t]));

  async function runCall(call: ToolCall): Promise<ChatEvent> {
    const tool = byName.get(call.function.name);
    const raw = parseArgs(call.function.arguments);
    const answer = async (content: string, event: ChatEvent) => {
      await deps.store.addMessage(session.id, {
        role: 'tool',
        content: cut(content, TOOL_RESULT_CHARS),
        toolCallId: call.id,
      });
      return event;
    };
    const failed = (message: string) =>
      answer(JSON.stringify({ error: message }), {
        type: 'tool',
        name: call.function.name,
        args: raw ?? call.function.arguments,
        result: cut(message, SHORT_RESULT_CHARS),
        ok: false,
      });
    if (!tool) return failed(`there is no tool named ${call.function.name}`);
    if (raw === undefined) return failed('the arguments were not JSON');
    const args = tool.args.safeParse(raw);
    if (!args.success) return failed(`bad arguments: ${issuesOf(args.error)}`);

    if (tool.kind === 'read') {
      try {
        const result = await withTimeout(tool.run(args.data), READ_TOOL_TIMEOUT_MS, tool.name);
        const text = typeof result === 'string' ? result : JSON.stringify(result);
        return answer(text, {
          type: 'tool',
          name: tool.name,
          args: args.data,
          result: cut(text, SHORT_RESULT_CHARS),
          ok: true,
        });
      } catch (err) {
        return failed((err as Error).message);
      }
    }
    let summary: string;
    try {
      summary = await tool.describe(args.data);
    } catch (err) {
      return failed(`cannot propose this: ${(err as Error).message}`);
    }
    const { action } = await deps.store.propose(
      {
        sessionId: session.id,
        toolCallId: call.id,
        tool: tool.name,
        arguments: args.data as Record<string, unknown>,
        summary,
      },
      (id) =>
        JSON.stringify({
          status: 'awaiting_approval',
          actionId: id,
          summary,
          note: 'Not done yet: the user must approve it in the dashboard.',
        }),
    );
    return {
      type: 'proposal',
      id: action.id,
      tool: action.tool,
      args: action.arguments,
      summary: action.summary,
      status: action.status,
    };
  }

  async function* events(signal: AbortSignal): AsyncGenerator<ChatEvent> {
    yield { type: 'session', session };
    try {
      for (let round = 1; round <= MAX_ROUNDS; round++) {
        const history = toModelMessages(await deps.store.messages(session.id));
        const stream = streamRound(deps, history, signal);
        let next = await stream.next();
        while (!next.done) {
          yield { type: 'delta', text: next.value };
          next = await stream.next();
        }
        const { content, toolCalls } = next.value;
        const stored = await deps.store.addMessage(session.id, {
          role: 'assistant',
          content,
          toolCalls: toolCalls.length > 0 ? toolCalls : null,
        });
        if (toolCalls.length === 0) {
          yield { type: 'done', messageId: stored.id, rounds: round };
          return;
        }
        for (const call of toolCalls) yield await runCall(call);
      }
      const note = `I stopped after ${MAX_ROUNDS} rounds of looking things up; ask again to go on.`;
      const stored = await deps.store.addMessage(session.id, { role: 'assistant', content: note });
      yield { type: 'delta', text: note };
      yield { type: 'done', messageId: stored.id, rounds: MAX_ROUNDS };
    } catch (err) {
      if (signal.aborted) return;
      const code = err instanceof DomainError ? err.code : 'internal';
      yield { type: 'error', code, message: err instanceof Error ? err.message : String(err) };
    }
  }

  return { session, events };
}
