// An open-loop load generator: requests leave at a fixed rate whether or not
// earlier ones have been answered, as real users' requests do, so a slow
// server shows up as latency and errors instead of quietly lowering the rate
// (which a closed loop of N workers would do). node:http with keep-alive.
import http from 'node:http';
import { percentile } from './stats.ts';

export interface OpenLoopOptions {
  url: string;
  headers?: Record<string, string>;
  /** Requests per second to send. */
  rate: number;
  seconds: number;
  /** A request not answered within this is counted as an error (default 5 s). */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  sent: number;
  /** Non-2xx answers, socket errors and time-outs. */
  errors: number;
  /** Answered requests (any status) per second of the run. */
  achievedPerSecond: number;
  /** Latency from sending each request to the end of its answer. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How far behind its schedule the sender fell at worst (a busy machine shows here). */
  maxLagMs: number;
}

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, seconds } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  let answered = 0;
  const pending = new Set<Promise<void>>();

  const fire = () =>
    new Promise<void>((resolve) => {
      const sentAt = performance.now();
      const fail = () => {
        errors++;
        resolve();
      };
      const req = http.get(options.url, { agent, headers: options.headers }, (res) => {
        res.on('data', () => undefined);
        res.on('error', fail);
        res.on('end', () => {
          answered++;
          latencies.push(performance.now() - sentAt);
          if ((res.statusCode ?? 0) >= 300) errors++;
          resolve();
        });
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error('timed out')));
      req.on('error', fail);
    });

  const started = performance.now();
  let sent = 0;
  let maxLagMs = 0;
  // A 1 ms tick sends everything due; a tick that comes late sends its backlog at once.
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    if (sent < due)
      maxLagMs = Math.max(maxLagMs, performance.now() - started - (sent / rate) * 1000);
    for (; sent < due; sent++) {
      const p = fire();
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const elapsed = performance.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent,
    errors,
    achievedPerSecond: (answered / elapsed) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? NaN,
    maxLagMs,
  };
}
