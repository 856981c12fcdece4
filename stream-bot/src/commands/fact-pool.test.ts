import { describe, expect, it } from 'vitest';
import { createFactPool } from './fact-pool.ts';

function slowFacts() {
  let made = 0;
  let release: (() => void)[] = [];
  return {
    made: () => made,
    releaseAll() {
      const r = release;
      release = [];
      for (const fn of r) fn();
    },
    create: () =>
      new Promise<{ text: string }>((resolve) => {
        release.push(() => resolve({ text: `fact ${++made}` }));
      }),
  };
}

describe('the !fact pool', () => {
  it('answers at once, empty or not, and refills one generation at a time', async () => {
    const facts = slowFacts();
    const pool = createFactPool(facts, { size: 3 });
    expect(pool.take()).toBeNull();
    // Many asks while a generation is running start no second one.
    for (let i = 0; i < 20; i++) expect(pool.take()).toBeNull();
    expect(pool.generations()).toBe(1);
    for (let i = 0; i < 3; i++) {
      facts.releaseAll();
      await new Promise((r) => setImmediate(r));
    }
    await pool.settled();
    expect(pool.size()).toBe(3);
    expect(pool.generations()).toBe(3);
    expect(pool.take()).toBe('fact 1');
    expect(pool.generations()).toBe(4);
    facts.releaseAll();
    await pool.settled();
    expect(pool.size()).toBe(3);
  });

  it('rests after a failed generation instead of retrying at once', async () => {
    let now = 0;
    let calls = 0;
    const pool = createFactPool(
      {
        create: () => {
          calls++;
          return Promise.reject(new Error('model down'));
        },
      },
      { size: 2, retryAfterMs: 1000, now: () => now },
    );
    pool.take();
    await pool.settled();
    pool.take();
    await pool.settled();
    expect(calls).toBe(1);
    now = 1000;
    pool.take();
    await pool.settled();
    expect(calls).toBe(2);
  });
});
