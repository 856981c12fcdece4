// Detached work with a ceiling: a few tasks run at once, a few wait, the
// rest are dropped. Chat must never wait on a language model, and a flood of
// mentions must not pile up requests.
export interface WorkQueue {
  /** Runs `task` when a slot is free; false when the queue is full and it was dropped. */
  push(task: () => Promise<void>): boolean;
  /** Resolves when nothing runs or waits. */
  idle(): Promise<void>;
  readonly running: number;
  readonly waiting: number;
}

export function createWorkQueue(options: {
  concurrency: number;
  maxWaiting: number;
  onError: (err: unknown) => void;
}): WorkQueue {
  const waiting: (() => Promise<void>)[] = [];
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  function next() {
    while (running < options.concurrency && waiting.length > 0) {
      const task = waiting.shift() as () => Promise<void>;
      running += 1;
      void (async () => {
        try {
          await task();
        } catch (err) {
          options.onError(err);
        } finally {
          running -= 1;
          next();
        }
      })();
    }
    if (running === 0 && waiting.length === 0) {
      const done = idleWaiters;
      idleWaiters = [];
      for (const resolve of done) resolve();
    }
  }

  return {
    push(task) {
      if (running >= options.concurrency && waiting.length >= options.maxWaiting) return false;
      waiting.push(task);
      next();
      return true;
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
