import { expect, it } from 'vitest';
import { createWorkQueue } from './work-queue.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

it('runs at most `concurrency` tasks, queues a few and drops the rest', async () => {
  const errors: unknown[] = [];
  const queue = createWorkQueue({ concurrency: 2, maxWaiting: 1, onError: (e) => errors.push(e) });
  const g = gate();
  const ran: number[] = [];
  const task = (n: number) => async () => {
    ran.push(n);
    await g.opened;
  };
  expect(queue.push(task(1))).toBe(true);
  expect(queue.push(task(2))).toBe(true);
  expect(queue.push(task(3))).toBe(true);
  expect(queue.push(task(4))).toBe(false);
  expect([queue.running, queue.waiting]).toEqual([2, 1]);
  expect(ran).toEqual([1, 2]);
  g.open();
  await queue.idle();
  expect(ran).toEqual([1, 2, 3]);
  expect(errors).toEqual([]);
});

it('reports a failing task and carries on', async () => {
  const errors: unknown[] = [];
  const queue = createWorkQueue({ concurrency: 1, maxWaiting: 5, onError: (e) => errors.push(e) });
  let after = false;
  queue.push(() => Promise.reject(new Error('boom')));
  queue.push(async () => {
    after = true;
  });
  await queue.idle();
  expect(after).toBe(true);
  expect(errors).toHaveLength(1);
});
