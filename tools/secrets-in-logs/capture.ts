// Captures what a service writes to its log: its pino logger (the one main.ts
// would make, created here with a destination this file reads) and anything
// printed with console.* meanwhile. Lines are kept as written.
import { createLogger, type Logger } from '@homelab/nats/runtime';
import { vi } from 'vitest';

export interface LogCapture {
  lines: string[];
  /** The service's logger at `level` (trace by default), writing into `lines`. */
  logger(service: string, level?: string): Logger;
  /** Also keeps console.log/info/warn/error/debug output (the output still goes out). */
  captureConsole(): void;
  /** Parsed pino lines (others skipped). */
  entries(): Record<string, unknown>[];
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  return {
    lines,
    logger: (service, level = 'trace') =>
      createLogger(
        { level, service, version: 'log-secrets-test' },
        { write: (line: string) => void lines.push(line) },
      ),
    captureConsole() {
      for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        const original = console[method].bind(console);
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          lines.push(args.map((a) => (typeof a === 'string' ? a : safeString(a))).join(' '));
          original(...args);
        });
      }
    },
    entries: () =>
      lines.flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
}

function safeString(value: unknown): string {
  if (value instanceof Error) return `${value.stack ?? value.message} ${JSON.stringify(value)}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
