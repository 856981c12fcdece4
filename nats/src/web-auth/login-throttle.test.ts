import { expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

it('locks a key after maxFailures, twice as long on every further failure, up to the cap', () => {
  const c = clock();
  const throttle = createLoginThrottle({
    maxFailures: 3,
    firstLockMs: 1_000,
    maxLockMs: 3_000,
    now: c.now,
  });
  throttle.failed('k');
  throttle.failed('k');
  expect(throttle.retryAfterMs('k')).toBe(0);
  throttle.failed('k');
  expect(throttle.retryAfterMs('k')).toBe(1_000);
  expect(throttle.retryAfterMs('other')).toBe(0);
  c.advance(1_000);
  expect(throttle.retryAfterMs('k')).toBe(0);
  throttle.failed('k');
  expect(throttle.retryAfterMs('k')).toBe(2_000);
  c.advance(2_000);
  throttle.failed('k');
  expect(throttle.retryAfterMs('k')).toBe(3_000);
  throttle.succeeded('k');
  expect(throttle.retryAfterMs('k')).toBe(0);
});

it('forgets failures older than its window', () => {
  const c = clock();
  const throttle = createLoginThrottle({ maxFailures: 2, windowMs: 10_000, now: c.now });
  throttle.failed('k');
  c.advance(10_001);
  throttle.failed('k');
  expect(throttle.retryAfterMs('k')).toBe(0);
});
