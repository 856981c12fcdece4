import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPacer } from './pacer.ts';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

/** When each wait resolved, in fake milliseconds from the start. */
async function timesOf(waits: Promise<void>[], untilMs: number): Promise<number[]> {
  const start = Date.now();
  const times: number[] = [];
  waits.forEach((w, i) => void w.then(() => (times[i] = Date.now() - start)));
  await vi.advanceTimersByTimeAsync(untilMs);
  return times;
}

describe('the chat pacer', () => {
  it('lets a moderator’s lines through at once', async () => {
    const pacer = createPacer();
    const waits = [1, 2, 3].map(() => pacer.wait('own_channel', true));
    expect(await timesOf(waits, 0)).toEqual([0, 0, 0]);
  });

  it('spaces an ordinary account’s lines 1.2 s apart per channel, channels independently', async () => {
    const pacer = createPacer();
    const waits = [
      pacer.wait('a_channel', false),
      pacer.wait('a_channel', false),
      pacer.wait('b_channel', false),
      pacer.wait('a_channel', false),
    ];
    expect(await timesOf(waits, 5_000)).toEqual([0, 1_200, 0, 2_400]);
  });

  it('keeps to 20 lines per 30 s across channels', async () => {
    const pacer = createPacer();
    const waits = Array.from({ length: 21 }, (_, i) => pacer.wait(`channel_${i}`, false));
    const times = await timesOf(waits, 31_000);
    expect(times.slice(0, 20).every((t) => t === 0)).toBe(true);
    expect(times[20]).toBe(30_000);
  });
});
