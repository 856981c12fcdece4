// Jarvis's calls: status, conversations, the chat (a POST whose answer is a
// server-sent event stream, read with fetch since EventSource cannot POST),
// decisions on proposed actions, and log analyses.
import { ApiError } from '@homelab/nats/ui';
import { api } from './api.ts';

const { call } = api;

export interface AiStatus {
  configured: boolean;
  model: string;
  analysisModel: string;
  baseUrlHost: string;
  hint: string | null;
  /** With check: whether the API answered and lists the model. */
  check?: { reachable: boolean; modelListed: boolean | null; error: string | null };
}

export interface AiSession {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface AiMessage {
  id: number;
  role: 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls: { id: string; function: { name: string; arguments: string } }[] | null;
  toolCallId: string | null;
  createdAt: string;
}

export type ActionStatus =
  'proposed' | 'approved' | 'rejected' | 'running' | 'succeeded' | 'failed';

export interface AiAction {
  id: string;
  sessionId: string | null;
  toolCallId: string | null;
  tool: string;
  arguments: Record<string, unknown>;
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

export interface LogAnalysis {
  id: string;
  host: string;
  containerName: string;
  lineCount: number;
  summary: string;
  findings: {
    severity: 'error' | 'warning' | 'info';
    title: string;
    detail: string;
    likelyCause: string | null;
  }[];
  model: string;
  requestedBy: string;
  createdAt: string;
}

export type ChatEvent =
  | { event: 'session'; session: AiSession }
  | { event: 'delta'; text: string }
  | { event: 'tool'; name: string; args: unknown; result: string; ok: boolean }
  | {
      event: 'proposal';
      id: string;
      tool: string;
      args: Record<string, unknown>;
      summary: string;
      status: ActionStatus;
    }
  | { event: 'done'; messageId: number }
  | { event: 'error'; code: string; message: string };

const enc = encodeURIComponent;

export const fetchAiStatus = (check = false) =>
  call<AiStatus>(`/api/ai/status${check ? '?check=true' : ''}`);
export const fetchSessions = () => call<{ sessions: AiSession[] }>('/api/ai/sessions');
export const fetchSession = (id: string) =>
  call<{ session: AiSession; messages: AiMessage[]; actions: AiAction[] }>(
    `/api/ai/sessions/${enc(id)}`,
  );
export const renameSession = (id: string, title: string) =>
  call<{ session: AiSession }>(`/api/ai/sessions/${enc(id)}`, { method: 'PATCH', body: { title } });
export const deleteSession = (id: string) =>
  call<unknown>(`/api/ai/sessions/${enc(id)}`, { method: 'DELETE' });
export const decideAction = (id: string, decision: 'approve' | 'reject') =>
  call<{ action: AiAction }>(`/api/ai/actions/${enc(id)}/${decision}`, {
    method: 'POST',
    body: {},
  });
export const fetchLogAnalyses = (container?: string) =>
  call<{ analyses: LogAnalysis[] }>(
    `/api/ai/log-analyses${container ? `?container=${enc(container)}` : ''}`,
  );
export const requestLogAnalysis = (host: string, container: string) =>
  call<{ jobId: string }>('/api/ai/log-analyses', { method: 'POST', body: { host, container } });

/** Sends a message and calls onEvent for each streamed event until the turn ends. */
export async function streamChat(
  body: { sessionId?: string; message: string },
  onEvent: (e: ChatEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  let res: Response;
  try {
    res = await fetch('/api/ai/chat', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'Cannot reach the service. Is it running?');
  }
  if (!res.ok || !res.body) {
    const error = (
      (await res.json().catch(() => undefined)) as
        { error?: { message?: string; code?: string } } | undefined
    )?.error;
    throw new ApiError(
      res.status,
      error?.message ?? `${res.status} ${res.statusText}`,
      error?.code,
    );
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length === 0) continue;
      try {
        onEvent({ event, ...(JSON.parse(data.join('\n')) as object) } as ChatEvent);
      } catch {
        // A line that is not JSON is not one of ours: skip it.
      }
    }
  }
}
