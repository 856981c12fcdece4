// What the chaos test files share: their knobs (environment variables with defaults fit
// for CI on a small machine), waiting for conditions, and killing a service repeatedly.
import type { ManagedService } from './service-process.ts';

/** A whole number from the environment, or the default. */
export function knob(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return n;
}

export const KNOBS = {
  /** SIGKILLs of each bot in the bot-kill scenario. */
  kills: knob('CHAOS_KILLS', 3),
  /** Concurrent writing clients per bot. */
  writers: knob('CHAOS_WRITERS', 3),
  /** Pause of each writing client between writes (ms). */
  writeGapMs: knob('CHAOS_WRITE_GAP_MS', 40),
  /** nats-server restarts in the NATS scenario. */
  natsRestarts: knob('CHAOS_NATS_RESTARTS', 2),
  /** How long nats-server stays down each time (ms). */
  natsDownMs: knob('CHAOS_NATS_DOWN_MS', 3_000),
  /** How long the dashboard stays down each time (ms). */
  dashboardDownMs: knob('CHAOS_DASHBOARD_DOWN_MS', 3_000),
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const between = (min: number, max: number) => min + Math.random() * (max - min);

/** Resolves once `check` returns true (or a value); after timeoutMs, rejects naming `what`. */
export async function until<T>(
  what: string,
  check: () => Promise<T | false | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`not within ${timeoutMs / 1000} s: ${what}`, { cause: last });
    }
    await sleep(200);
  }
}

export interface KillFigures {
  service: string;
  kills: number;
  /** ms from spawning again to /readyz, per restart */
  restartMs: number[];
}

/**
 * SIGKILLs the service `times` times, each after it ran 1-3 s, and starts it again after
 * 0-0.5 s on the same port and database. `beforeKill` picks the moment (e.g. right after a
 * write was answered, while its event is on its way to JetStream); `afterStart` waits for
 * whatever else makes the service useful again (e.g. discord-bot logged in to Discord).
 */
export async function killRepeatedly(
  service: ManagedService,
  times: number,
  hooks: { beforeKill?: () => Promise<void>; afterStart?: () => Promise<void> } = {},
): Promise<KillFigures> {
  const restartMs: number[] = [];
  for (let i = 0; i < times; i++) {
    await sleep(between(1_000, 3_000));
    await hooks.beforeKill?.();
    await sleep(between(0, 5));
    await service.kill('SIGKILL');
    await sleep(between(0, 500));
    restartMs.push(Math.round(await service.start()));
    await hooks.afterStart?.();
  }
  return { service: service.label, kills: times, restartMs };
}
