// Jarvis's records as the rest of the code sees them: conversations, their
// messages in the OpenAI shape, and the actions the model proposed (each
// decided by a person, every step recorded).

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface AiSession {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export type MessageRole = 'user' | 'assistant' | 'tool';

export interface AiMessage {
  id: number;
  sessionId: string;
  role: MessageRole;
  content: string;
  /** The assistant's tool calls. */
  toolCalls: ToolCall[] | null;
  /**
   * A tool message: the call it answers. A user message with one is the note of a
   * person's decision on that call's proposed action (approved and its result, or rejected).
   */
  toolCallId: string | null;
  createdAt: string;
}

export type NewMessage = Pick<AiMessage, 'role' | 'content'> &
  Partial<Pick<AiMessage, 'toolCalls' | 'toolCallId'>>;

export const ACTION_STATUSES = [
  'proposed',
  'approved',
  'rejected',
  'running',
  'succeeded',
  'failed',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface AiAction {
  id: string;
  /** Null once its conversation was deleted: the record outlives it. */
  sessionId: string | null;
  toolCallId: string | null;
  tool: string;
  arguments: Record<string, unknown>;
  /** What the UI shows, e.g. "Restart container plex on local". */
  summary: string;
  status: ActionStatus;
  result: unknown;
  error: string | null;
  jobId: string | null;
  proposedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  finishedAt: string | null;
}

export interface NewAction {
  sessionId: string;
  toolCallId: string;
  tool: string;
  arguments: Record<string, unknown>;
  summary: string;
}
