// Puts one file at its place in a library without ever overwriting one: a copy
// goes to a temporary name beside the target and is then linked into place; a
// move is a hard link plus unlink on one device, a copy, a check and an unlink
// across devices. A target that already holds the same file is a duplicate;
// any other file there is a conflict and stays as it is.
import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import {
  copyFile,
  link,
  lstat,
  mkdir,
  open,
  realpath,
  rename,
  rm,
  unlink,
  utimes,
} from 'node:fs/promises';
import path from 'node:path';
import { isWithin } from './scan.ts';

/** Files up to this size are compared by a hash of all their bytes, larger ones by samples. */
export const FULL_HASH_LIMIT = 64 * 1024 * 1024;
const SAMPLE_BYTES = 1024 * 1024;

export type TransferOutcome = 'imported' | 'skipped_duplicate';

export class TargetConflict extends Error {
  override name = 'TargetConflict';
}

const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

async function hashAll(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** First and last MiB and the size: cheap for large media, still tells different files apart. */
async function hashSample(file: string, size: number): Promise<string> {
  const hash = createHash('sha256').update(String(size));
  const fh = await open(file, 'r');
  try {
    for (const at of [0, Math.max(0, size - SAMPLE_BYTES)]) {
      const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, at);
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return hash.digest('hex');
}

/** Same size and the same bytes (all of them when `full` or small, else samples). */
export async function sameContent(a: string, b: string, full = false): Promise<boolean> {
  const [sa, sb] = await Promise.all([lstat(a), lstat(b)]);
  if (sa.size !== sb.size) return false;
  if (full || sa.size <= FULL_HASH_LIMIT) return (await hashAll(a)) === (await hashAll(b));
  return (await hashSample(a, sa.size)) === (await hashSample(b, sb.size));
}

/** What is at the target: nothing, the same file (a duplicate), or a conflict (thrown). */
async function checkTarget(source: string, target: string): Promise<'free' | 'duplicate'> {
  const existing = await lstat(target).catch((err: unknown) => {
    if (code(err) === 'ENOENT') return null;
    throw err;
  });
  if (!existing) return 'free';
  if (!existing.isFile())
    throw new TargetConflict('something other than a file is already at the target');
  if (await sameContent(source, target)) return 'duplicate';
  throw new TargetConflict('a different file already exists at the target; it was not overwritten');
}

/** Creates the target's folder and makes sure it really lies inside the library. */
async function prepareFolder(target: string, libraryRoot: string): Promise<void> {
  const dir = path.dirname(target);
  if (!isWithin(libraryRoot, dir)) throw new Error('target lies outside the library folder');
  await mkdir(dir, { recursive: true });
  const [realRoot, realDir] = await Promise.all([realpath(libraryRoot), realpath(dir)]);
  if (!isWithin(realRoot, realDir)) {
    throw new Error('target folder resolves outside the library folder (a symbolic link?)');
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/** Puts `from` at `to` unless something is there already (atomic where hard links work). */
async function placeExclusive(from: string, to: string): Promise<'placed' | 'taken'> {
  try {
    await link(from, to);
    await unlink(from);
    return 'placed';
  } catch (err) {
    if (code(err) === 'EEXIST') return 'taken';
    if (!NO_HARD_LINKS.has(code(err) ?? '')) throw err;
  }
  // A file system without hard links (some network shares): check, then rename.
  if (
    await lstat(to).then(
      () => true,
      () => false,
    )
  )
    return 'taken';
  await rename(from, to);
  return 'placed';
}

/** Copies to a temporary name beside the target (same mtime), then puts it in place. */
async function copyInto(source: string, target: string, mtime: Date, atime: Date) {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.plex-import.partial`);
  await rm(temp, { force: true }); // left by a crash half-way through an earlier run
  try {
    await copyFile(source, temp, constants.COPYFILE_EXCL);
    await utimes(temp, atime, mtime);
    return await placeExclusive(temp, target);
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * A move whose file is already in the library (an earlier run stopped between
 * placing it and removing the source): the source goes once every byte matches.
 */
async function dropMovedSource(source: string, target: string): Promise<void> {
  const [a, b] = await Promise.all([lstat(source), lstat(target)]);
  const sameInode = a.dev === b.dev && a.ino === b.ino;
  if (sameInode || (await sameContent(source, target, true))) await unlink(source);
}

export interface TransferRequest {
  source: string;
  target: string;
  mode: 'move' | 'copy';
  libraryRoot: string;
}

export async function transferFile(req: TransferRequest): Promise<TransferOutcome> {
  const { source, target } = req;
  const src = await lstat(source);
  if (!src.isFile()) throw new Error('the source is no longer a regular file');
  await prepareFolder(target, req.libraryRoot);
  if ((await checkTarget(source, target)) === 'duplicate') {
    if (req.mode === 'move') await dropMovedSource(source, target);
    return 'skipped_duplicate';
  }

  let placed: 'placed' | 'taken';
  if (req.mode === 'copy') {
    placed = await copyInto(source, target, src.mtime, src.atime);
  } else {
    try {
      placed = await placeExclusive(source, target);
    } catch (err) {
      if (code(err) !== 'EXDEV') throw err;
      // Another device: copy, check every byte, only then remove the source.
      placed = await copyInto(source, target, src.mtime, src.atime);
      if (placed === 'placed') {
        if (!(await sameContent(source, target, true))) {
          throw new Error('the copy on the library device differs from the source; source kept');
        }
        await unlink(source);
      }
    }
  }
  // Someone put a file there meanwhile: the same one is a duplicate, another a conflict.
  if (placed === 'taken') {
    if ((await checkTarget(source, target)) === 'duplicate') return 'skipped_duplicate';
    throw new Error('the target changed while the file was being placed; run the import again');
  }
  return 'imported';
}
