import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normaliseProgress, throttleProgress } from './progress-throttle.ts';

describe('throttleProgress', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('writes the first report at once and then only the latest one per interval', async () => {
    const written: string[] = [];
    const t = throttleProgress(
      async (u) => void written.push(u.message),
      250,
      () => Date.now(),
    );
    t.report({ message: 'a' });
    t.report({ message: 'b' });
    t.report({ message: 'c' });
    await vi.advanceTimersByTimeAsync(0);
    expect(written).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(250);
    expect(written).toEqual(['a', 'c']);
    await t.settle();
    expect(written).toEqual(['a', 'c']);
  });

  it('settle writes what is pending; discard drops it', async () => {
    const written: string[] = [];
    const t = throttleProgress(
      async (u) => void written.push(u.message),
      1000,
      () => Date.now(),
    );
    t.report({ message: 'a' });
    t.report({ message: 'b' });
    await t.settle();
    expect(written).toEqual(['a', 'b']);
    t.report({ message: 'c' });
    t.report({ message: 'd' });
    await t.discard();
    await vi.advanceTimersByTimeAsync(2000);
    expect(written).toEqual(['a', 'b']);
  });
});

describe('normaliseProgress', () => {
  it('keeps percent a whole number within 0-100 and bounds the message', () => {
    expect(normaliseProgress({ percent: 140.2, message: 'x' })).toEqual({
      percent: 100,
      message: 'x',
    });
    expect(normaliseProgress({ percent: Number.NaN, message: 'y'.repeat(600) }).percent).toBeNull();
    expect(normaliseProgress({ percent: 33.4, message: '' }).percent).toBe(33);
  });
});
