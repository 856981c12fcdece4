// A conversation as the page draws it: the user's and Jarvis's words, chips for
// the read-only tools it used, and a card per proposed action. Built from the
// stored messages and actions, and grown live from the streamed events.
import type { AiAction, AiMessage, ChatEvent } from './jarvis-api.ts';

export type ChatItem =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'tools'; tools: { name: string; result: string; ok: boolean }[] }
  | { kind: 'action'; action: AiAction };

function toolResult(content: string): { result: string; ok: boolean } {
  try {
    const parsed = JSON.parse(content) as { error?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.error === 'string') {
      return { result: parsed.error, ok: false };
    }
  } catch {
    // Plain text (a log tail): shown as it is.
  }
  return { result: content.slice(0, 200), ok: true };
}

export function itemsFrom(messages: AiMessage[], actions: AiAction[]): ChatItem[] {
  const byCall = new Map(actions.filter((a) => a.toolCallId).map((a) => [a.toolCallId!, a]));
  const results = new Map(
    messages
      .filter((m) => m.role === 'tool' && m.toolCallId)
      .map((m) => [m.toolCallId!, m.content]),
  );
  const items: ChatItem[] = [];
  for (const m of messages) {
    // A decision note is shown by its action's card.
    if (m.role === 'user' && !m.toolCallId) items.push({ kind: 'user', text: m.content });
    if (m.role !== 'assistant') continue;
    if (m.content) items.push({ kind: 'assistant', text: m.content });
    // In the order they were called, as the live stream showed them.
    let tools: { name: string; result: string; ok: boolean }[] = [];
    const flush = () => {
      if (tools.length > 0) items.push({ kind: 'tools', tools });
      tools = [];
    };
    for (const call of m.toolCalls ?? []) {
      const action = byCall.get(call.id);
      if (action) {
        flush();
        items.push({ kind: 'action', action });
      } else {
        tools.push({ name: call.function.name, ...toolResult(results.get(call.id) ?? '') });
      }
    }
    flush();
  }
  return items;
}

/** The items after one streamed event (a new array; the last items may be replaced). */
export function applyEvent(items: ChatItem[], e: ChatEvent): ChatItem[] {
  const last = items.at(-1);
  switch (e.event) {
    case 'delta':
      if (last?.kind === 'assistant') {
        return [...items.slice(0, -1), { kind: 'assistant', text: last.text + e.text }];
      }
      return [...items, { kind: 'assistant', text: e.text }];
    case 'tool': {
      const tool = { name: e.name, result: e.result, ok: e.ok };
      if (last?.kind === 'tools')
        return [...items.slice(0, -1), { kind: 'tools', tools: [...last.tools, tool] }];
      return [...items, { kind: 'tools', tools: [tool] }];
    }
    case 'proposal':
      return [
        ...items,
        {
          kind: 'action',
          action: {
            id: e.id,
            sessionId: null,
            toolCallId: null,
            tool: e.tool,
            arguments: e.args,
            summary: e.summary,
            status: e.status,
            result: null,
            error: null,
            jobId: null,
            proposedAt: new Date().toISOString(),
            decidedAt: null,
            decidedBy: null,
            finishedAt: null,
          },
        },
      ];
    case 'session':
    case 'done':
    case 'error':
      return items;
  }
}
