// One delivery of a job message: claim the row (counting the attempt), run the
// kind's handler with a heartbeat on the message, and settle both the row and
// the message from the outcome:
//   succeeded → row succeeded, ack;  cancelled → row cancelled, ack;
//   JobFailure{retry:false}, a payload the schema refuses, or the last attempt
//     → row failed with its error, term;
//   any other error → row queued with the error, nak with a growing delay;
//   the dashboard stops → row queued, nak at once (another instance may take it).
// A message whose dashboard died is redelivered after ack_wait and claimed again.
import type { Logger } from '@homelab/nats/runtime';
import type { JsMsg } from 'nats';
import { cutError, type JobMessage, type JobStore } from './job-store.ts';
import { normaliseProgress, throttleProgress } from './progress-throttle.ts';
import { JobFailure, type JobContext, type JobHandler, type JobRecord } from './types.ts';

export const STOP = 'stop';
export const CANCEL = 'cancel';

export interface RunnerDeps {
  store: JobStore;
  handlers: ReadonlyMap<string, JobHandler>;
  /** Runs in flight here, by job id; aborted with CANCEL or STOP as the reason. */
  running: Map<string, AbortController>;
  broadcast(record: JobRecord): void;
  logger: Logger;
  ackWaitMs: number;
  retryDelayMs: number;
  progressIntervalMs: number;
}

/** Acks, naks and terms are fire-and-forget; on a closed connection the message is redelivered anyway. */
function settle(log: Logger, fn: () => void) {
  try {
    fn();
  } catch (err) {
    log.warn({ err: errorText(err) }, 'job message not settled; it will be redelivered');
  }
}

export const errorText = (err: unknown) =>
  err instanceof Error ? err.message || err.name : String(err);

/** 1×, 2×, 4× … the base delay, at most a minute between attempts. */
export const retryDelay = (baseMs: number, attempt: number) =>
  Math.min(60_000, baseMs * 2 ** Math.max(0, attempt - 1));

function readMessage(m: JsMsg): JobMessage | undefined {
  try {
    const value = m.json<Partial<JobMessage>>();
    return typeof value?.id === 'string' && typeof value.kind === 'string'
      ? (value as JobMessage)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function runDelivery(m: JsMsg, deps: RunnerDeps): Promise<void> {
  const message = readMessage(m);
  if (!message) {
    deps.logger.warn({ subject: m.subject, seq: m.seq }, 'not a job message; dropped');
    settle(deps.logger, () => m.term('not a job message'));
    return;
  }
  const log = deps.logger.child({ jobId: message.id, kind: message.kind });
  // Registered before the claim: a cancel broadcast right after the claim commits finds it.
  const control = new AbortController();
  deps.running.set(message.id, control);
  try {
    await claimAndRun(m, message, control, log, deps);
  } catch (err) {
    // The database or the bus failed under us: leave the row, hand the message back later.
    log.error({ err: errorText(err) }, 'job run could not be settled; it will be redelivered');
    settle(log, () => m.nak(deps.retryDelayMs));
  } finally {
    deps.running.delete(message.id);
  }
}

async function claimAndRun(
  m: JsMsg,
  message: JobMessage,
  control: AbortController,
  log: Logger,
  deps: RunnerDeps,
): Promise<void> {
  const { store, broadcast } = deps;
  const job = await store.claim(message.id);
  if (!job) {
    // Finished, cancelled while queued, or cancelled while its dashboard was gone.
    const cancelled = await store.cancelPending(message.id);
    if (cancelled) broadcast(cancelled);
    settle(log, () => m.ack());
    return;
  }
  broadcast(job);
  const attempt = job.attempts;
  const fail = async (error: string) => {
    const failed = await store.finish(job.id, attempt, { status: 'failed', error });
    if (failed) broadcast(failed);
    log.warn({ attempt, err: error }, 'job failed');
    settle(log, () => m.term(cutError(error).slice(0, 200)));
  };

  const handler = deps.handlers.get(job.kind);
  if (!handler) return fail(`no handler for ${job.kind} jobs is registered in this dashboard`);
  if (attempt > job.maxAttempts) {
    return fail(
      `gave up after ${job.maxAttempts} attempts (the last one ended with its dashboard)` +
        (job.error ? `: ${job.error}` : ''),
    );
  }
  const parsed = handler.payload.safeParse(job.payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`);
    return fail(`the payload does not fit ${job.kind} jobs: ${issues.join('; ')}`);
  }

  const heartbeat = setInterval(
    () => {
      try {
        m.working();
      } catch {
        // The connection is gone: the message returns to the queue after ack_wait.
      }
    },
    Math.max(250, deps.ackWaitMs / 3),
  );
  const progress = throttleProgress(async (update) => {
    const { percent, message: text } = normaliseProgress(update);
    try {
      const row = await store.progress(job.id, attempt, percent, text);
      if (row) broadcast(row);
    } catch (err) {
      log.warn({ err: errorText(err) }, 'job progress not recorded');
    }
  }, deps.progressIntervalMs);
  const ctx: JobContext = {
    jobId: job.id,
    attempt,
    maxAttempts: job.maxAttempts,
    signal: control.signal,
    progress: (update) => progress.report(update),
    log,
  };
  log.info({ attempt }, 'job started');
  try {
    let result: unknown;
    try {
      result = await handler.run(parsed.data, ctx);
    } catch (err) {
      await progress.discard();
      return await settleFailure(err, job);
    }
    await progress.settle();
    const done = await store.finish(job.id, attempt, { status: 'succeeded', result });
    if (done) broadcast(done);
    settle(log, () => m.ack());
    log.info({ attempt }, 'job succeeded');
  } finally {
    clearInterval(heartbeat);
  }

  async function settleFailure(err: unknown, claimed: JobRecord): Promise<void> {
    if (control.signal.aborted && control.signal.reason === CANCEL) {
      const cancelled = await store.finish(claimed.id, attempt, { status: 'cancelled' });
      if (cancelled) broadcast(cancelled);
      settle(log, () => m.ack());
      log.info({ attempt }, 'job cancelled');
      return;
    }
    if (control.signal.aborted && control.signal.reason === STOP) {
      const note = 'interrupted: the dashboard stopped; it runs again';
      const requeued = await store.requeue(claimed.id, attempt, null, note);
      if (requeued) broadcast(requeued);
      settle(log, () => m.nak());
      log.info({ attempt }, 'job interrupted by the stop; handed back to the queue');
      return;
    }
    const text = errorText(err);
    if (err instanceof JobFailure && !err.retry) return fail(text);
    if (attempt >= claimed.maxAttempts) return fail(`${text} (after ${attempt} attempts)`);
    const delay = retryDelay(deps.retryDelayMs, attempt);
    const note = `attempt ${attempt} of ${claimed.maxAttempts} failed; next in ${Math.ceil(delay / 1000)} s`;
    const requeued = await store.requeue(claimed.id, attempt, text, note);
    if (requeued) broadcast(requeued);
    settle(log, () => m.nak(delay));
    log.warn({ attempt, err: text, retryInMs: delay }, 'job attempt failed; retrying');
  }
}
