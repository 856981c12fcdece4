import { describe, expect, it } from 'vitest';
import { createMentionRateLimiter } from './rate-limit.ts';

function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('mention rate limiter', () => {
  it('lets a viewer in once per cooldown', () => {
    const clock = fakeClock();
    const limiter = createMentionRateLimiter([], clock.now);
    expect(limiter.acquire('c', 'ada', 60_000)).toBeNull();
    clock.advance(59_999);
    expect(limiter.acquire('c', 'ada', 60_000)).toBe('user_cooldown');
    clock.advance(1);
    expect(limiter.acquire('c', 'ada', 60_000)).toBeNull();
  });

  it('keeps viewers and channels apart', () => {
    const limiter = createMentionRateLimiter([], fakeClock().now);
    expect(limiter.acquire('c1', 'ada', 60_000)).toBeNull();
    expect(limiter.acquire('c1', 'bob', 60_000)).toBeNull();
    expect(limiter.acquire('c2', 'ada', 60_000)).toBeNull();
  });

  it('caps a channel at one answer per 10 s and six per minute', () => {
    const clock = fakeClock();
    const limiter = createMentionRateLimiter(undefined, clock.now);
    expect(limiter.acquire('c', 'v0', 0)).toBeNull();
    expect(limiter.acquire('c', 'v1', 0)).toBe('channel_cap');
    for (let i = 1; i < 6; i += 1) {
      clock.advance(10_000);
      expect(limiter.acquire('c', `v${i}`, 0)).toBeNull();
    }
    // 50 s after the first: six in the last minute.
    clock.advance(9_000);
    expect(limiter.acquire('c', 'v6', 0)).toBe('channel_cap');
    // The first answer leaves the minute window.
    clock.advance(1_000);
    expect(limiter.acquire('c', 'v6', 0)).toBeNull();
  });

  it('takes nothing when it refuses', () => {
    const clock = fakeClock();
    const limiter = createMentionRateLimiter([{ count: 1, windowMs: 10_000 }], clock.now);
    expect(limiter.acquire('c', 'ada', 0)).toBeNull();
    expect(limiter.acquire('c', 'bob', 60_000)).toBe('channel_cap');
    clock.advance(10_000);
    // bob was refused by the channel cap, so his own cooldown never started.
    expect(limiter.acquire('c', 'bob', 60_000)).toBeNull();
  });

  it('forgets old viewers and still limits after a sweep', () => {
    const clock = fakeClock();
    const limiter = createMentionRateLimiter([], clock.now);
    expect(limiter.acquire('c', 'ada', 3_600_000)).toBeNull();
    clock.advance(3_600_000);
    expect(limiter.acquire('c', 'ada', 3_600_000)).toBeNull();
    expect(limiter.acquire('c', 'ada', 3_600_000)).toBe('user_cooldown');
  });
});
