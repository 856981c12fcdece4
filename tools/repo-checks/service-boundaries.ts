// Finds code in one service that reaches into another service: an import of
// its folder (relative or through its package name), of its generated Prisma
// client, or a connection string naming its database. Services may import
// their own code, npm packages and `@homelab/nats` only.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export const SERVICES = {
  'stream-bot': { database: 'streambot' },
  dashboard: { database: 'homelab_jarvis' },
  'discord-bot': { database: 'discord' },
} as const;
export type ServiceFolder = keyof typeof SERVICES;

export interface Violation {
  file: string;
  line: number;
  reason: string;
}

const CODE = /\.(c|m)?(t|j)sx?$/;
const SKIP = new Set(['node_modules', 'dist', 'generated', '.data']);
const SPECIFIER =
  /(?:\bimport\s[^'"]*?from\s*|\bexport\s[^'"]*?from\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;
const DB_URL = /postgres(?:ql)?:\/\/[^\s'"`]*\/([a-z_][a-z0-9_]*)/g;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (SKIP.has(entry) || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (CODE.test(entry) || entry === 'package.json') yield full;
  }
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

export function findBoundaryViolations(root: string): Violation[] {
  const violations: Violation[] = [];
  const folders = Object.keys(SERVICES) as ServiceFolder[];
  for (const own of folders) {
    const ownDir = path.join(root, own);
    const others = folders.filter((f) => f !== own);
    for (const file of files(ownDir)) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(root, file);
      if (file.endsWith('package.json')) {
        const pkg = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
        for (const field of [
          'dependencies',
          'devDependencies',
          'peerDependencies',
          'optionalDependencies',
        ]) {
          for (const other of others) {
            if (pkg[field]?.[`@homelab/${other}`]) {
              violations.push({ file: rel, line: 1, reason: `depends on @homelab/${other}` });
            }
          }
        }
        continue;
      }
      for (const m of text.matchAll(SPECIFIER)) {
        const spec = m[2]!;
        const line = lineOf(text, m.index);
        for (const other of others) {
          if (spec === `@homelab/${other}` || spec.startsWith(`@homelab/${other}/`)) {
            violations.push({
              file: rel,
              line,
              reason: `imports ${other} through its package name (${spec})`,
            });
          }
        }
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          const inside = folders.find(
            (f) =>
              target === path.join(root, f) || target.startsWith(path.join(root, f) + path.sep),
          );
          if (inside && inside !== own) {
            const what = target.includes(`${path.sep}generated${path.sep}`)
              ? 'Prisma client'
              : 'code';
            violations.push({
              file: rel,
              line,
              reason: `imports the ${what} of ${inside} (${spec})`,
            });
          }
        }
      }
      for (const m of text.matchAll(DB_URL)) {
        const db = m[1]!;
        const owner = folders.find((f) => SERVICES[f].database === db);
        if (owner && owner !== own) {
          violations.push({
            file: rel,
            line: lineOf(text, m.index),
            reason: `names the ${owner} database (${db})`,
          });
        }
      }
    }
  }
  return violations;
}
