// A reader for the part of YAML that compose.yaml uses: block mappings and
// sequences, one-line flow sequences and empty flow mappings, plain and quoted
// scalars, comments. Anything else (anchors, tags, block scalars, multi-line
// flow) is refused with its line number instead of being misread. Scalars stay
// strings: the checks compare text, and compose itself does the typing.
// (The repository has no YAML package of its own; this keeps the checks free of one.)

export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlSubsetError extends Error {
  override name = 'YamlSubsetError';
}

interface Line {
  no: number;
  indent: number;
  text: string;
}

function stripComment(raw: string): string {
  let quote: string | undefined;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(raw[i - 1]!))) {
      return raw.slice(0, i);
    }
  }
  return raw;
}

function toLines(source: string): Line[] {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, i) => {
    if (raw.includes('\t')) throw new YamlSubsetError(`line ${i + 1}: tab characters`);
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '' || text.trim() === '---') return;
    lines.push({ no: i + 1, indent: text.length - text.trimStart().length, text: text.trim() });
  });
  return lines;
}

function scalar(text: string, no: number): YamlValue {
  if (text === '{}') return {};
  if (text === '[]') return [];
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new YamlSubsetError(`line ${no}: multi-line flow sequence`);
    return splitFlow(text.slice(1, -1), no).map((item) => scalar(item, no));
  }
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new YamlSubsetError(`line ${no}: bad quoting`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new YamlSubsetError(`line ${no}: bad double quoting`);
    }
  }
  if (/^[&*!|>{%@`]/.test(text)) {
    throw new YamlSubsetError(`line ${no}: unsupported YAML (${text.slice(0, 20)})`);
  }
  return text === '~' || text === 'null' ? null : text;
}

function splitFlow(body: string, no: number): string[] {
  const items: string[] = [];
  let quote: string | undefined;
  let current = '';
  for (const ch of body) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === ',') {
      items.push(current.trim());
      current = '';
      continue;
    } else if (ch === '[' || ch === '{') {
      throw new YamlSubsetError(`line ${no}: nested flow collections`);
    }
    current += ch;
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}

/** `key: rest` when the line is a mapping entry; a colon must be followed by a space or the end. */
function splitKey(text: string): [string, string] | undefined {
  const m = /^('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s'"#-][^:]*?|-[^\s:][^:]*?):(?:\s+(.*))?$/.exec(
    text,
  );
  if (!m) return undefined;
  const key = m[1]!.startsWith("'") || m[1]!.startsWith('"') ? String(scalar(m[1]!, 0)) : m[1]!;
  return [key, m[2] ?? ''];
}

class Reader {
  private i = 0;
  private readonly lines: Line[];
  constructor(lines: Line[]) {
    this.lines = lines;
  }

  parseDocument(): YamlValue {
    if (this.lines.length === 0) return null;
    const value = this.block(this.lines[0]!.indent);
    const extra = this.lines[this.i];
    if (extra) throw new YamlSubsetError(`line ${extra.no}: unexpected indentation`);
    return value;
  }

  private block(indent: number): YamlValue {
    const first = this.lines[this.i]!;
    return first.text === '-' || first.text.startsWith('- ')
      ? this.sequence(indent)
      : this.mapping(indent);
  }

  private sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = this.lines[this.i]; line && line.indent === indent; line = this.lines[this.i]) {
      if (!(line.text === '-' || line.text.startsWith('- '))) break;
      const rest = line.text.slice(1).trimStart();
      this.i++;
      if (rest === '') {
        items.push(this.child(indent));
      } else if (splitKey(rest) && !rest.startsWith('[')) {
        // `- key: value` opens a mapping whose keys sit where `key` starts.
        const keyIndent = indent + (line.text.length - rest.length);
        this.i--;
        this.lines[this.i] = { no: line.no, indent: keyIndent, text: rest };
        items.push(this.mapping(keyIndent));
      } else {
        items.push(scalar(rest, line.no));
      }
    }
    return items;
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const map: { [key: string]: YamlValue } = {};
    for (let line = this.lines[this.i]; line && line.indent === indent; line = this.lines[this.i]) {
      const entry = splitKey(line.text);
      if (!entry) throw new YamlSubsetError(`line ${line.no}: expected "key: value"`);
      const [key, rest] = entry;
      if (key in map) throw new YamlSubsetError(`line ${line.no}: duplicate key ${key}`);
      this.i++;
      map[key] = rest === '' ? this.child(indent, true) : scalar(rest, line.no);
    }
    const next = this.lines[this.i];
    if (next && next.indent > indent) {
      throw new YamlSubsetError(`line ${next.no}: unexpected indentation`);
    }
    return map;
  }

  /** The value below a `key:` or `-` line: a deeper block, a same-level sequence, or null. */
  private child(parentIndent: number, sameLevelSequence = false): YamlValue {
    const next = this.lines[this.i];
    if (!next) return null;
    if (next.indent > parentIndent) return this.block(next.indent);
    if (sameLevelSequence && next.indent === parentIndent && next.text.startsWith('- ')) {
      return this.sequence(parentIndent);
    }
    return null;
  }
}

export function parseYamlSubset(source: string): YamlValue {
  return new Reader(toLines(source)).parseDocument();
}
