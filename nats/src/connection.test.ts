import { expect, it } from 'vitest';
import { reconnectDelay } from './connection.ts';

it('waits longer the longer the outage lasts, from a quarter second up to ten seconds', () => {
  expect(reconnectDelay(0, 1)).toBe(250);
  expect(reconnectDelay(0, 0)).toBe(125);
  expect(reconnectDelay(1000, 1)).toBe(1000);
  expect(reconnectDelay(4000, 0.5)).toBe(3000);
  expect(reconnectDelay(60_000, 1)).toBe(10_000);
  expect(reconnectDelay(60_000, 0)).toBe(5000);
});

it('spreads clients apart by their jitter factor but never below half the step', () => {
  const delays = Array.from({ length: 100 }, () => reconnectDelay(2000, Math.random()));
  expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
  expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
  expect(new Set(delays).size).toBeGreaterThan(10);
});
