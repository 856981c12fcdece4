// Start-up as a series of steps that each say how to undo themselves. If a
// step fails, everything opened before it is closed again, newest first, so a
// failed start leaves no connection or listener behind; stop() runs the same
// unwinding once, however often it is called.
import type { Logger } from './logger.ts';

/** Registers how to close what a start-up step just opened. */
export type Defer = (undo: () => Promise<unknown>) => void;

export interface StartOptions {
  /** The name people know the service by, for the "stopped" log line. */
  name: string;
  logger: Logger;
}

export type Started<T> = T & {
  /** Closes everything start-up opened, newest first; the same promise on every call. */
  stop(): Promise<void>;
};

export async function startInSteps<T extends object>(
  options: StartOptions,
  steps: (defer: Defer) => Promise<T>,
): Promise<Started<T>> {
  const undo: (() => Promise<unknown>)[] = [];
  const unwind = async () => {
    for (const step of undo.splice(0).reverse()) {
      await step().catch((err: unknown) => options.logger.warn({ err }, 'cleanup step failed'));
    }
  };

  let started: T;
  try {
    started = await steps((step) => undo.push(step));
  } catch (err) {
    await unwind();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  return {
    ...started,
    stop: () => (stopping ??= unwind().then(() => options.logger.info(`${options.name} stopped`))),
  };
}
