import { describe, expect, it } from 'vitest';
import { planSessions, sessionEnd } from './sessions.ts';

const GAP = 30 * 60_000;
const at = (hhmm: string) => new Date(`2026-11-28T${hhmm}:00.000Z`);

describe('planSessions', () => {
  it('starts the first session of a channel at its first message', () => {
    expect(planSessions(null, [at('10:05'), at('10:00'), at('10:20')], GAP)).toEqual({
      extendCurrentTo: null,
      newSessions: [{ startedAt: at('10:00'), lastMessageAt: at('10:20') }],
    });
  });

  it('continues the current session while the gaps stay within the limit', () => {
    const plan = planSessions({ lastMessageAt: at('10:00') }, [at('10:30'), at('10:59')], GAP);
    expect(plan).toEqual({ extendCurrentTo: at('10:59'), newSessions: [] });
  });

  it('starts a new session one millisecond past the gap, and another after the next gap', () => {
    const justOver = new Date(at('10:30').getTime() + 1);
    const plan = planSessions(
      { lastMessageAt: at('10:00') },
      [at('10:10'), new Date(at('10:40').getTime() + 1), at('12:00'), at('12:01')],
      GAP,
    );
    expect(plan.extendCurrentTo).toEqual(at('10:10'));
    expect(plan.newSessions).toEqual([
      {
        startedAt: new Date(at('10:40').getTime() + 1),
        lastMessageAt: new Date(at('10:40').getTime() + 1),
      },
      { startedAt: at('12:00'), lastMessageAt: at('12:01') },
    ]);
    expect(planSessions({ lastMessageAt: at('10:00') }, [justOver], GAP).newSessions).toHaveLength(
      1,
    );
  });

  it('keeps a late message in the current session and does not move its end back', () => {
    expect(planSessions({ lastMessageAt: at('10:00') }, [at('09:00')], GAP)).toEqual({
      extendCurrentTo: null,
      newSessions: [],
    });
  });
});

describe('sessionEnd', () => {
  it('is the stored end, else the last message once chat has been quiet longer than the gap', () => {
    const s = { lastMessageAt: at('10:00'), endedAt: null };
    expect(sessionEnd(s, at('10:30'), GAP)).toBeNull();
    expect(sessionEnd(s, at('10:31'), GAP)).toEqual(at('10:00'));
    expect(sessionEnd({ ...s, endedAt: at('09:59') }, at('10:01'), GAP)).toEqual(at('09:59'));
  });
});
