// The environment variables a service's config.ts reads, found in its source:
// the UPPER_CASE keys of its zod schema object, following the fragments it
// spreads in (`...commonEnv(settings)` from @homelab/nats/runtime, `...authEnv`
// from a file of its own). The schemas are not exported, and reading the source
// also covers variables a later refactor moves into such a fragment.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The text between the `{` at `open` and its matching `}`. */
function objectBody(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** Keys and spread names at the top level of an object literal's body. */
function topLevel(body: string): { keys: string[]; spreads: string[] } {
  const keys: string[] = [];
  const spreads: string[] = [];
  let depth = 0;
  let expectEntry = true;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "'" || ch === '"' || ch === '`') {
      // Skip the string: its text may hold "//", commas or brackets.
      for (i++; i < body.length && body[i] !== ch; i++) if (body[i] === '\\') i++;
      continue;
    }
    if (body.startsWith('//', i)) {
      i = body.indexOf('\n', i);
      if (i === -1) break;
      continue;
    }
    if (body.startsWith('/*', i)) {
      i = body.indexOf('*/', i) + 1;
      continue;
    }
    if ('{(['.includes(ch)) depth++;
    else if ('})]'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) expectEntry = true;
    else if (expectEntry && depth === 0 && !/\s/.test(ch)) {
      const rest = body.slice(i);
      const key = /^([A-Z][A-Z0-9_]*)\s*:/.exec(rest);
      const spread = /^\.\.\.([A-Za-z_$][\w$]*)/.exec(rest);
      if (key) keys.push(key[1]!);
      if (spread) spreads.push(spread[1]!);
      expectEntry = false;
    }
  }
  return { keys, spreads };
}

/** The file a named import of `file` comes from, following one `export … from` re-export. */
function importSource(file: string, name: string): string {
  const text = readFileSync(file, 'utf8');
  const re = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'([^']+)'/g;
  for (const m of text.matchAll(re)) {
    const names = m[1]!.split(',').map((n) => n.trim().replace(/^type\s+/, ''));
    if (!names.includes(name)) continue;
    const spec = m[2]!;
    if (spec.startsWith('.')) return path.resolve(path.dirname(file), spec);
    const [scope, pkg, ...sub] = spec.split('/');
    if (scope !== '@homelab' || pkg !== 'nats') throw new Error(`cannot follow ${spec}`);
    const exportsMap = JSON.parse(readFileSync(path.join(ROOT, 'nats/package.json'), 'utf8'))
      .exports as Record<string, string>;
    const entry = path.join(ROOT, 'nats', exportsMap[sub.length ? `./${sub.join('/')}` : '.']!);
    const mod = readFileSync(entry, 'utf8');
    for (const r of mod.matchAll(/export\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
      if (r[1]!.split(',').some((n) => n.trim().replace(/^type\s+/, '') === name)) {
        return path.resolve(path.dirname(entry), r[2]!);
      }
    }
    return entry;
  }
  throw new Error(`${name} is not imported in ${file}`);
}

/** The object a fragment name stands for: `export const X = {` or `function X(…) { … return {`. */
function fragmentBody(file: string, name: string): string {
  const text = readFileSync(file, 'utf8');
  const asConst = new RegExp(`export const ${name}\\s*=\\s*\\{`).exec(text);
  if (asConst) return objectBody(text, asConst.index + asConst[0].length - 1);
  const asFn = new RegExp(`export function ${name}\\s*\\(`).exec(text);
  if (asFn) {
    const fnOpen = text.indexOf('{', text.indexOf(')', asFn.index));
    const fnBody = objectBody(text, fnOpen);
    const ret = /return\s*\{/.exec(fnBody);
    if (ret) return objectBody(fnBody, ret.index + ret[0].length - 1);
  }
  throw new Error(`no object ${name} in ${file}`);
}

function collect(file: string, body: string, seen: Set<string>): string[] {
  const { keys, spreads } = topLevel(body);
  const all = [...keys];
  for (const spread of spreads) {
    const source = importSource(file, spread);
    if (seen.has(`${source}#${spread}`)) continue;
    seen.add(`${source}#${spread}`);
    all.push(...collect(source, fragmentBody(source, spread), seen));
  }
  return all;
}

/** Every variable `<service>/src/config.ts` reads, sorted. */
export function configKeys(service: string): string[] {
  const file = path.join(ROOT, service, 'src/config.ts');
  const text = readFileSync(file, 'utf8');
  const schema = /const schema\s*=\s*z\.object\(\s*\{/.exec(text);
  if (!schema) throw new Error(`${file}: no \`const schema = z.object({\``);
  const body = objectBody(text, schema.index + schema[0].length - 1);
  return [...new Set(collect(file, body, new Set()))].sort();
}

/** `KEY=value` and commented-out `# KEY=value` lines of an env file. */
export function envFileEntries(text: string): { key: string; value: string; commented: boolean }[] {
  return text.split('\n').flatMap((line) => {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return m ? [{ key: m[2]!, value: m[3]!, commented: m[1] !== undefined }] : [];
  });
}
