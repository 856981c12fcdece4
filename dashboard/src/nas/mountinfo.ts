// The host's mount table as /proc/self/mountinfo gives it (proc(5)): one mount
// a line, "id parent major:minor root mount-point options [optional…] - fstype
// source super-options". The kernel writes space, tab, newline and backslash in
// paths as octal escapes (\040, \011, \012, \134), which are undone here.
import { readFile } from 'node:fs/promises';

export interface MountEntry {
  /** Path inside the mounted filesystem that appears at mountPoint ("/" unless a bind mount of a subfolder). */
  root: string;
  mountPoint: string;
  fsType: string;
  source: string;
  options: string;
}

/** Undoes the kernel's octal escapes (`\040` → space). */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** One mountinfo line, or null when it does not have the documented shape. */
export function parseMountLine(line: string): MountEntry | null {
  const fields = line.trim().split(' ');
  const dash = fields.indexOf('-', 6);
  if (fields.length < 10 || dash < 0 || fields.length < dash + 3) return null;
  return {
    root: unescapeMountField(fields[3]!),
    mountPoint: unescapeMountField(fields[4]!),
    options: fields[5]!,
    fsType: fields[dash + 1]!,
    source: unescapeMountField(fields[dash + 2]!),
  };
}

export function parseMountInfo(text: string): MountEntry[] {
  return text
    .split('\n')
    .map(parseMountLine)
    .filter((e): e is MountEntry => e !== null);
}

export async function readMountTable(path: string): Promise<MountEntry[]> {
  return parseMountInfo(await readFile(path, 'utf8'));
}

/** What is visible at path: of mounts stacked on one point, the last one listed is on top. */
export function mountAt(table: MountEntry[], path: string): MountEntry | undefined {
  return table.findLast((e) => e.mountPoint === path);
}
