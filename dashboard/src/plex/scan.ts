// Lists the import folder: every regular file below it, relative, with its size.
// Symbolic links are reported and never followed, so a link cannot pull a file
// from elsewhere into the library (or send the import outside the folder).
import { lstat, opendir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ScannedFile, SkippedFile } from './plan.ts';

export const SCAN_LIMITS = { depth: 12, files: 5_000 };

export interface ScanResult {
  /** The import folder as its real path. */
  root: string;
  files: ScannedFile[];
  skipped: SkippedFile[];
  /** True when the folder held more than SCAN_LIMITS.files files (the rest waits). */
  truncated: boolean;
}

export async function scanImportFolder(dir: string): Promise<ScanResult> {
  const root = await realpath(dir);
  const files: ScannedFile[] = [];
  const skipped: SkippedFile[] = [];
  let truncated = false;

  async function walk(abs: string, rel: string, depth: number): Promise<void> {
    const handle = await opendir(abs);
    for await (const entry of handle) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const childAbs = path.join(abs, entry.name);
      if (entry.isSymbolicLink()) {
        skipped.push({ path: childRel, code: 'symlink', reason: 'symbolic link: not followed' });
      } else if (entry.isDirectory()) {
        if (depth >= SCAN_LIMITS.depth) {
          skipped.push({
            path: childRel,
            code: 'not_a_file',
            reason: `folder nested deeper than ${SCAN_LIMITS.depth}`,
          });
        } else {
          await walk(childAbs, childRel, depth + 1);
        }
      } else if (entry.isFile()) {
        if (files.length >= SCAN_LIMITS.files) {
          truncated = true;
          continue;
        }
        const stat = await lstat(childAbs).catch(() => null);
        if (stat?.isFile()) files.push({ path: childRel, size: stat.size });
      } else {
        skipped.push({ path: childRel, code: 'not_a_file', reason: 'not a regular file' });
      }
    }
  }

  await walk(root, '', 0);
  return { root, files, skipped, truncated };
}

/** True when `child` is `parent` itself or lies below it (both absolute, normalised). */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}
