import { describe, expect, it } from 'vitest';
import { titleFrom, toModelMessages } from './history.ts';
import type { AiMessage, ToolCall } from './types.ts';

let nextId = 1;
function msg(role: AiMessage['role'], content: string, extra: Partial<AiMessage> = {}): AiMessage {
  return {
    id: nextId++,
    sessionId: 's',
    role,
    content,
    toolCalls: null,
    toolCallId: null,
    createdAt: '2026-11-28T12:00:00.000Z',
    ...extra,
  };
}
const call = (id: string, name = 'get_latest_fact'): ToolCall => ({
  id,
  type: 'function',
  function: { name, arguments: '{}' },
});

describe("a conversation's history for the model", () => {
  it('keeps the OpenAI shape: tool calls on the assistant, each answered by its tool message', () => {
    const out = toModelMessages([
      msg('user', 'latest fact?'),
      msg('assistant', '', { toolCalls: [call('a')] }),
      msg('tool', '{"fact":null}', { toolCallId: 'a' }),
      msg('assistant', 'None yet.'),
    ]);
    expect(out).toEqual([
      { role: 'user', content: 'latest fact?' },
      { role: 'assistant', content: null, tool_calls: [call('a')] },
      { role: 'tool', tool_call_id: 'a', content: '{"fact":null}' },
      { role: 'assistant', content: 'None yet.' },
    ]);
  });

  it('answers a tool call a crash left open, and sends decision notes as the user', () => {
    const out = toModelMessages([
      msg('user', 'restart x'),
      msg('assistant', 'Looking.', { toolCalls: [call('a'), call('b', 'restart_container')] }),
      msg('tool', 'awaiting approval', { toolCallId: 'b' }),
      msg('user', 'I approved "Restart x" and it was done.', { toolCallId: 'b' }),
    ]);
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool', 'user']);
    expect(out[3]).toEqual({
      role: 'tool',
      tool_call_id: 'a',
      content: 'no result: the turn was interrupted',
    });
  });

  it('starts the window at a user message and drops tool messages without their call', () => {
    const stored = [
      msg('user', 'one'),
      msg('assistant', '', { toolCalls: [call('a')] }),
      msg('tool', 'r', { toolCallId: 'a' }),
      msg('assistant', 'answer'),
      msg('user', 'two'),
      msg('assistant', 'second answer'),
    ];
    expect(toModelMessages(stored, 4).map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(toModelMessages([msg('tool', 'orphan', { toolCallId: 'z' })])).toEqual([]);
  });

  it('titles a conversation by the first line of its first message', () => {
    expect(titleFrom('  Why is   plex slow?\nIt buffers.')).toBe('Why is plex slow?');
    const long = titleFrom('x'.repeat(100));
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
