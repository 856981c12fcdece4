// Test helpers: drive the shim over its JSON-RPC protocol the way the CLI
// does, and run the real `prisma` CLI against a service folder.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const SHIM = fileURLToPath(new URL('bin.mjs', import.meta.url));
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
const PRISMA_CLI = createRequire(import.meta.url).resolve('prisma/build/index.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The unmodified Prisma CLI in `cwd` (a service folder). The schema engine is
 * whatever that folder's prisma.config.ts picks, so it is not preset here.
 */
export function runPrisma(args: string[], cwd: string, databaseUrl?: string): Promise<RunResult> {
  const { PRISMA_SCHEMA_ENGINE_BINARY: _preset, DATABASE_URL: _url, ...env } = process.env;
  return run(PRISMA_CLI, args, cwd, {
    ...env,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  });
}

export function runShim(args: string[], cwd = REPO): Promise<RunResult> {
  return run(SHIM, args, cwd, process.env);
}

export interface RpcError {
  code: number;
  message: string;
  data: { is_panic: boolean; message: string; error_code?: string | null };
}

export interface EngineSession {
  /** Resolves with `result`, rejects with the RPC `error` object. */
  request<T = unknown>(method: string, params?: unknown): Promise<T>;
  /** Contents of the `print` requests the engine sent to its "CLI". */
  printed: string[];
  stderr: () => string;
  exited: Promise<number | null>;
  /** Closes stdin as the CLI does, and waits for the exit code. */
  close(): Promise<number | null>;
}

/** Starts the shim in server mode, as the CLI would. */
export function startEngine(args: string[], cwd = REPO): EngineSession {
  const child = spawn(process.execPath, [SHIM, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: unknown) => void }>();
  const printed: string[] = [];
  let stderr = '';
  let nextId = 1;
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    if (message.method === 'print') {
      printed.push(message.params.content);
      child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: message.id, result: {} }) + '\n');
      return;
    }
    const pending = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error) pending?.reject(message.error);
    else pending?.resolve(message.result as never);
  });
  return {
    request: (method, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
      }),
    printed,
    stderr: () => stderr,
    exited,
    close: () => {
      child.stdin.end();
      return exited;
    },
  };
}

export const SERVICES = ['stream-bot', 'dashboard', 'discord-bot'] as const;
export type ServiceFolder = (typeof SERVICES)[number];
export const serviceDir = (service: ServiceFolder) => path.join(REPO, service);
