// Splitting a channel's chat into stream sessions: a message more than the
// session gap after the channel's previous message starts a new session.
// Pure, so the rule is tested without a database; db/chat-log-store.ts applies
// the plan to stream_sessions.

/** The session a channel's chat currently belongs to (its latest one). */
export interface CurrentSession {
  lastMessageAt: Date;
}

export interface SessionSpan {
  startedAt: Date;
  lastMessageAt: Date;
}

export interface SessionPlan {
  /** The newest message time that continues the current session, if any does. */
  extendCurrentTo: Date | null;
  /** Sessions the messages start, oldest first; all but the last one are already over. */
  newSessions: SessionSpan[];
}

/**
 * Which session each of a channel's new messages belongs to. A message older
 * than the current session's last one (a late arrival) stays in that session.
 */
export function planSessions(
  current: CurrentSession | null,
  times: readonly Date[],
  gapMs: number,
): SessionPlan {
  const sorted = [...times].sort((a, b) => a.getTime() - b.getTime());
  let extendCurrentTo: Date | null = null;
  const newSessions: SessionSpan[] = [];
  let last = current?.lastMessageAt ?? null;
  for (const t of sorted) {
    const open = newSessions.at(-1);
    if (last === null || t.getTime() - last.getTime() > gapMs) {
      newSessions.push({ startedAt: t, lastMessageAt: t });
    } else if (open) {
      open.lastMessageAt = t;
    } else if (current && t.getTime() > (extendCurrentTo ?? current.lastMessageAt).getTime()) {
      extendCurrentTo = t;
    }
    if (last === null || t.getTime() > last.getTime()) last = t;
  }
  return { extendCurrentTo, newSessions };
}

/** When a session is over: it has an end, or its chat has been quiet for longer than the gap. */
export function sessionEnd(
  session: { lastMessageAt: Date; endedAt: Date | null },
  now: Date,
  gapMs: number,
): Date | null {
  if (session.endedAt) return session.endedAt;
  return now.getTime() - session.lastMessageAt.getTime() > gapMs ? session.lastMessageAt : null;
}
