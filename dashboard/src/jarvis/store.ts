// Jarvis's tables (ai_sessions, ai_messages, ai_actions) in raw SQL. A
// proposal and the tool message the model gets for it commit together; a
// decision only moves an action that is still 'proposed', so two approvals
// cannot both run it.
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import { DomainError } from '../domain/errors.ts';
import type {
  ActionStatus,
  AiAction,
  AiMessage,
  AiSession,
  MessageRole,
  NewAction,
  NewMessage,
  ToolCall,
} from './types.ts';

type Time = Date | string;
const iso = (t: Time) => new Date(t).toISOString();
const isoOrNull = (t: Time | null) => (t === null ? null : iso(t));

interface SessionRow {
  id: string;
  title: string;
  created_at: Time;
  updated_at: Time;
}
interface MessageRow {
  id: string | number;
  session_id: string;
  role: string;
  content: string;
  tool_calls: ToolCall[] | null;
  tool_call_id: string | null;
  created_at: Time;
}
interface ActionRow {
  id: string;
  session_id: string | null;
  tool_call_id: string | null;
  tool: string;
  arguments: Record<string, unknown>;
  summary: string;
  status: string;
  result: unknown;
  error: string | null;
  job_id: string | null;
  proposed_at: Time;
  decided_at: Time | null;
  decided_by: string | null;
  finished_at: Time | null;
}

const toSession = (r: SessionRow): AiSession => ({
  id: r.id,
  title: r.title,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});
const toMessage = (r: MessageRow): AiMessage => ({
  id: Number(r.id),
  sessionId: r.session_id,
  role: r.role as MessageRole,
  content: r.content,
  toolCalls: r.tool_calls,
  toolCallId: r.tool_call_id,
  createdAt: iso(r.created_at),
});
const toAction = (r: ActionRow): AiAction => ({
  id: r.id,
  sessionId: r.session_id,
  toolCallId: r.tool_call_id,
  tool: r.tool,
  arguments: r.arguments,
  summary: r.summary,
  status: r.status as ActionStatus,
  result: r.result ?? null,
  error: r.error,
  jobId: r.job_id,
  proposedAt: iso(r.proposed_at),
  decidedAt: isoOrNull(r.decided_at),
  decidedBy: r.decided_by,
  finishedAt: isoOrNull(r.finished_at),
});

const ACTION_COLUMNS = `id, session_id, tool_call_id, tool, arguments, summary, status, result, error,
  job_id, proposed_at, decided_at, decided_by, finished_at`;
const MESSAGE_COLUMNS = 'id, session_id, role, content, tool_calls, tool_call_id, created_at';
const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

async function insertMessage(tx: SqlClient, sessionId: string, m: NewMessage): Promise<AiMessage> {
  const [row] = await tx.query<MessageRow>(
    `INSERT INTO ai_messages (session_id, role, content, tool_calls, tool_call_id, created_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, now()) RETURNING ${MESSAGE_COLUMNS}`,
    [sessionId, m.role, m.content, json(m.toolCalls ?? undefined), m.toolCallId ?? null],
  );
  await tx.execute('UPDATE ai_sessions SET updated_at = now() WHERE id = $1', [sessionId]);
  return toMessage(row!);
}

export type JarvisStore = ReturnType<typeof createJarvisStore>;

export function createJarvisStore(sql: SqlDatabase) {
  async function session(id: string): Promise<AiSession> {
    const [row] = await sql.query<SessionRow>(
      'SELECT id, title, created_at, updated_at FROM ai_sessions WHERE id = $1',
      [id],
    );
    if (!row) throw new DomainError('not_found', `no conversation ${id}`);
    return toSession(row);
  }

  async function action(id: string): Promise<AiAction> {
    const [row] = await sql.query<ActionRow>(
      `SELECT ${ACTION_COLUMNS} FROM ai_actions WHERE id = $1`,
      [id],
    );
    if (!row) throw new DomainError('not_found', `no proposed action ${id}`);
    return toAction(row);
  }

  /** Why an action cannot be decided again (not_found when there is none). */
  async function decided(id: string): Promise<DomainError> {
    const current = await action(id);
    return new DomainError(
      'conflict',
      `the action "${current.summary}" was ${current.status} already` +
        (current.decidedBy ? ` (by ${current.decidedBy})` : ''),
    );
  }

  return {
    session,

    async createSession(title: string, first: NewMessage) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<SessionRow>(
          `INSERT INTO ai_sessions (id, title, created_at, updated_at)
           VALUES (gen_random_uuid(), $1, now(), now()) RETURNING id, title, created_at, updated_at`,
          [title],
        );
        const created = toSession(row!);
        const message = await insertMessage(tx, created.id, first);
        return { session: created, message };
      });
    },

    async sessions(limit: number): Promise<AiSession[]> {
      const rows = await sql.query<SessionRow>(
        `SELECT id, title, created_at, updated_at FROM ai_sessions
         ORDER BY updated_at DESC, id LIMIT $1`,
        [limit],
      );
      return rows.map(toSession);
    },

    async rename(id: string, title: string): Promise<AiSession> {
      const [row] = await sql.query<SessionRow>(
        `UPDATE ai_sessions SET title = $2, updated_at = now() WHERE id = $1
         RETURNING id, title, created_at, updated_at`,
        [id, title],
      );
      if (!row) throw new DomainError('not_found', `no conversation ${id}`);
      return toSession(row);
    },

    async remove(id: string): Promise<void> {
      const n = await sql.execute('DELETE FROM ai_sessions WHERE id = $1', [id]);
      if (n === 0) throw new DomainError('not_found', `no conversation ${id}`);
    },

    addMessage: (sessionId: string, m: NewMessage) =>
      sql.transaction((tx) => insertMessage(tx, sessionId, m)),

    async messages(sessionId: string): Promise<AiMessage[]> {
      const rows = await sql.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM ai_messages WHERE session_id = $1 ORDER BY id`,
        [sessionId],
      );
      return rows.map(toMessage);
    },

    /** The action row and the tool message telling the model it awaits approval, together. */
    propose(a: NewAction, toolMessage: (actionId: string) => string) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<ActionRow>(
          `INSERT INTO ai_actions (id, session_id, tool_call_id, tool, arguments, summary, status,
             proposed_at)
           VALUES (gen_random_uuid(), $1, $2, $3, $4::jsonb, $5, 'proposed', now())
           RETURNING ${ACTION_COLUMNS}`,
          [a.sessionId, a.toolCallId, a.tool, JSON.stringify(a.arguments), a.summary],
        );
        const proposed = toAction(row!);
        const message = await insertMessage(tx, a.sessionId, {
          role: 'tool',
          content: toolMessage(proposed.id),
          toolCallId: a.toolCallId,
        });
        return { action: proposed, message };
      });
    },

    action,

    async actions(filter: { sessionId?: string; limit: number }): Promise<AiAction[]> {
      const rows = await sql.query<ActionRow>(
        `SELECT ${ACTION_COLUMNS} FROM ai_actions
         WHERE ($1::uuid IS NULL OR session_id = $1::uuid)
         ORDER BY proposed_at DESC, id LIMIT $2`,
        [filter.sessionId ?? null, filter.limit],
      );
      return rows.map(toAction);
    },

    /**
     * Moves a proposed action to approved; a conflict when it was decided already (two
     * clicks, two tabs), not_found when there is none.
     */
    async approve(id: string, by: string): Promise<AiAction> {
      const [row] = await sql.query<ActionRow>(
        `UPDATE ai_actions SET status = 'approved', decided_at = now(), decided_by = $2
         WHERE id = $1 AND status = 'proposed' RETURNING ${ACTION_COLUMNS}`,
        [id, by],
      );
      if (row) return toAction(row);
      throw await decided(id);
    },

    decided,

    /** The rejection and its note in the conversation (when it still exists), together. */
    reject(id: string, by: string, note: (a: AiAction) => NewMessage) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<ActionRow>(
          `UPDATE ai_actions SET status = 'rejected', decided_at = now(), decided_by = $2
           WHERE id = $1 AND status = 'proposed' RETURNING ${ACTION_COLUMNS}`,
          [id, by],
        );
        if (!row) return undefined;
        const rejected = toAction(row);
        if (rejected.sessionId) await insertMessage(tx, rejected.sessionId, note(rejected));
        return rejected;
      });
    },

    async markRunning(id: string): Promise<void> {
      await sql.execute(`UPDATE ai_actions SET status = 'running' WHERE id = $1`, [id]);
    },

    /** The outcome, and its note in the conversation (when it still exists), together. */
    finish(
      id: string,
      outcome: { status: 'succeeded' | 'failed'; result?: unknown; error?: string; jobId?: string },
      note: NewMessage | null,
    ) {
      return sql.transaction(async (tx) => {
        const [row] = await tx.query<ActionRow>(
          `UPDATE ai_actions SET status = $2, result = $3::jsonb, error = $4, job_id = $5,
             finished_at = now()
           WHERE id = $1 RETURNING ${ACTION_COLUMNS}`,
          [id, outcome.status, json(outcome.result), outcome.error ?? null, outcome.jobId ?? null],
        );
        const finished = toAction(row!);
        const message =
          note && finished.sessionId ? await insertMessage(tx, finished.sessionId, note) : null;
        return { action: finished, message };
      });
    },
  };
}
