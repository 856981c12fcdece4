import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findBoundaryViolations } from './service-boundaries.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('service boundaries', () => {
  it('finds no service importing another service, its Prisma client or its database', () => {
    expect(findBoundaryViolations(ROOT)).toEqual([]);
  });

  const fixture = mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
  afterAll(() => rmSync(fixture, { recursive: true, force: true }));
  const put = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
    writeFileSync(path.join(fixture, file), text);
  };
  put(
    'stream-bot/src/ok.ts',
    "import { x } from './own.ts';\nimport { connectBus } from '@homelab/nats';\n",
  );
  put('stream-bot/src/own.ts', 'export const x = 1;\n');
  put('dashboard/src/bad-relative.ts', "import { x } from '../../stream-bot/src/own.ts';\n");
  put(
    'dashboard/src/bad-client.ts',
    "const m = await import('../../discord-bot/src/generated/prisma/client.ts');\n",
  );
  put('discord-bot/src/bad-package.ts', "export { y } from '@homelab/dashboard/src/y.ts';\n");
  put('discord-bot/src/bad-url.ts', "const u = 'postgres://u:p@db:5432/streambot';\n");
  put('dashboard/package.json', JSON.stringify({ dependencies: { '@homelab/stream-bot': '*' } }));

  it('flags every kind of crossing in a fixture tree', () => {
    const found = findBoundaryViolations(fixture).map((v) => `${v.file}: ${v.reason}`);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/bad-relative.ts: imports the code of stream-bot/),
        expect.stringMatching(/bad-client.ts: imports the Prisma client of discord-bot/),
        expect.stringMatching(/bad-package.ts: imports dashboard through its package name/),
        expect.stringMatching(/bad-url.ts: names the stream-bot database/),
        expect.stringMatching(/package.json: depends on @homelab\/stream-bot/),
      ]),
    );
    expect(found).toHaveLength(5);
  });
});
