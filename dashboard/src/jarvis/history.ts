// A conversation's stored messages as the chat-completions API wants them: the
// newest part that fits, starting at a user message, and every assistant tool
// call answered (a turn cut short by a crash gets a "no result" answer, which
// the API insists on).
import type OpenAI from 'openai';
import type { AiMessage } from './types.ts';

export const HISTORY_MESSAGES = 60;

type Param = OpenAI.ChatCompletionMessageParam;

export function toModelMessages(stored: AiMessage[], limit = HISTORY_MESSAGES): Param[] {
  let window = stored.slice(-limit);
  const firstUser = window.findIndex((m) => m.role === 'user');
  window = firstUser < 0 ? [] : window.slice(firstUser);

  const out: Param[] = [];
  let open: string[] = [];
  const closeOpen = () => {
    for (const id of open) {
      out.push({ role: 'tool', tool_call_id: id, content: 'no result: the turn was interrupted' });
    }
    open = [];
  };
  for (const m of window) {
    if (m.role === 'tool') {
      if (m.toolCallId && open.includes(m.toolCallId)) {
        out.push({ role: 'tool', tool_call_id: m.toolCallId, content: m.content });
        open = open.filter((id) => id !== m.toolCallId);
      }
      continue;
    }
    closeOpen();
    if (m.role === 'user') {
      out.push({ role: 'user', content: m.content });
    } else if (m.toolCalls && m.toolCalls.length > 0) {
      out.push({ role: 'assistant', content: m.content || null, tool_calls: m.toolCalls });
      open = m.toolCalls.map((c) => c.id);
    } else {
      out.push({ role: 'assistant', content: m.content });
    }
  }
  closeOpen();
  return out;
}

/** A new conversation's title: the first line of its first message, shortened. */
export function titleFrom(message: string): string {
  const line = message.trim().split('\n')[0]!.trim().replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 59).trimEnd()}…` : line;
}
