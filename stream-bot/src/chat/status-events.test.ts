import type { SqlClient, SqlDatabase } from '@homelab/nats';
import { createLogger } from '@homelab/nats/runtime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BotStatusSummary } from './bot-status.ts';
import { createStatusEvents } from './status-events.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** An outbox that only records the payloads enqueued into it. */
function recordingOutbox() {
  const written: unknown[] = [];
  const tx: SqlClient = {
    query: () => Promise.resolve([]),
    execute: (_sql, params) => {
      const data = params?.find((p) => typeof p === 'string' && p.includes('"connected"'));
      const parsed = JSON.parse(String(data)) as { data?: unknown };
      written.push(parsed.data ?? parsed);
      return Promise.resolve(1);
    },
  };
  const sql = { ...tx, transaction: (fn: (t: SqlClient) => Promise<unknown>) => fn(tx) };
  return { written, db: { sql: sql as SqlDatabase } };
}

describe('bot status events', () => {
  it('writes a flapping connection’s settled state once, and nothing when it ends where it began', async () => {
    const { written, db } = recordingOutbox();
    let now: BotStatusSummary = { connected: false, channels: [], connectedSince: null };
    const events = createStatusEvents({
      db,
      log: createLogger({ level: 'silent', service: 'stream-bot', version: 'test' }),
      summary: () => now,
    });
    for (let i = 0; i < 50; i++) {
      now = {
        connected: i % 2 === 0,
        channels: i % 2 === 0 ? ['a_channel'] : [],
        connectedSince: null,
      };
      events.changed();
    }
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written).toEqual([]);

    now = { connected: true, channels: ['a_channel'], connectedSince: null };
    for (let i = 0; i < 10; i++) events.changed();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(written).toEqual([{ connected: true, channels: ['a_channel'] }]);

    now = { connected: false, channels: [], connectedSince: null };
    events.changed();
    await events.flush();
    expect(written).toHaveLength(2);
    expect(written[1]).toEqual({ connected: false, channels: [] });
  });
});
