// One service as its own process (`node --import tsx src/main.ts`, the way `npm start`
// runs it) that a chaos test can kill and start again on the same port, database and
// data folder. Its stdout and stderr are kept (the last lines) so a failing test can
// show what the service said.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEPT_LINES = 400;
const READY_TIMEOUT_MS = 90_000;

export type ServiceDir = 'stream-bot' | 'discord-bot' | 'dashboard';

export interface ManagedService {
  readonly label: ServiceDir;
  readonly url: string;
  /** Times the process was started (1 after the first start). */
  readonly starts: number;
  running(): boolean;
  pid(): number | undefined;
  /** Spawns the process and waits for its first 200 from /readyz; resolves with ms taken. */
  start(): Promise<number>;
  /** Sends the signal and waits for the exit (SIGTERM: SIGKILL after 15 s). */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** The last lines the process (every start of it) wrote, marked by start. */
  output(lines?: number): string;
  /** Calls fn with every line any start of the process writes from now on. */
  onLine(fn: (line: string) => void): void;
}

export function managedService(options: {
  label: ServiceDir;
  port: number;
  env: Record<string, string>;
}): ManagedService {
  const url = `http://127.0.0.1:${options.port}`;
  const lines: string[] = [];
  const listeners: ((line: string) => void)[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let starts = 0;
  let expectingExit = false;

  const keep = (line: string) => {
    for (const fn of listeners) fn(line);
    lines.push(line);
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  const capture = (stream: NodeJS.ReadableStream | null, tag: string) => {
    let partial = '';
    stream?.on('data', (b: Buffer) => {
      const parts = (partial + b.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) if (p) keep(`${tag} ${p}`);
    });
    stream?.on('end', () => partial && keep(`${tag} ${partial}`));
  };

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;

  return {
    label: options.label,
    url,
    get starts() {
      return starts;
    },
    running,
    pid: () => (running() ? child?.pid : undefined),
    output: (n = 60) => lines.slice(-n).join('\n'),
    onLine: (fn) => void listeners.push(fn),

    async start() {
      if (running()) throw new Error(`${options.label} is already running`);
      starts++;
      keep(`--- ${options.label} start #${starts} at ${new Date().toISOString()}`);
      const spawnedAt = performance.now();
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: `${ROOT}/${options.label}`,
        env: { ...process.env, ...options.env, PORT: String(options.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      expectingExit = false;
      capture(proc.stdout, 'out');
      capture(proc.stderr, 'err');
      exited = new Promise<void>((resolve) =>
        proc.once('exit', (code, signal) => {
          keep(`--- ${options.label} exited (${signal ?? `code ${code}`})`);
          if (!expectingExit) keep(`--- (nobody asked it to stop)`);
          resolve();
        }),
      );
      const deadline = Date.now() + READY_TIMEOUT_MS;
      for (;;) {
        if (!running() || child !== proc) {
          throw new Error(`${options.label} exited while starting:\n${this.output()}`);
        }
        const ok = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return performance.now() - spawnedAt;
        if (Date.now() > deadline) {
          await this.kill('SIGKILL');
          throw new Error(`${options.label} was not ready within 90 s:\n${this.output()}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },

    async kill(signal) {
      const proc = child;
      if (!proc || !running()) return;
      expectingExit = true;
      proc.kill(signal);
      const timer =
        signal === 'SIGTERM' ? setTimeout(() => proc.kill('SIGKILL'), 15_000) : undefined;
      await exited;
      clearTimeout(timer);
    },
  };
}
