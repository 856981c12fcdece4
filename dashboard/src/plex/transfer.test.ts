import {
  link,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sameContent, TargetConflict, transferFile } from './transfer.ts';

let dir: string;
let lib: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'plex-transfer-'));
  lib = path.join(dir, 'lib');
  await mkdir(lib);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer) {
  const p = path.join(dir, name);
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, content);
  return p;
}

describe('transferFile', () => {
  it('copies to the target with the source mtime, leaving no temporary file', async () => {
    const src = await file('in/a.mkv', 'abc');
    const when = new Date('2020-01-02T03:04:05Z');
    await utimes(src, when, when);
    const target = path.join(lib, 'A (2000)/A (2000).mkv');
    expect(await transferFile({ source: src, target, mode: 'copy', libraryRoot: lib })).toBe(
      'imported',
    );
    expect(await readFile(target, 'utf8')).toBe('abc');
    expect((await stat(target)).mtime.toISOString()).toBe(when.toISOString());
    expect(await readdir(path.dirname(target))).toEqual(['A (2000).mkv']);
    expect(await readFile(src, 'utf8')).toBe('abc');
  });

  it('moves: the source is gone, the target has its bytes', async () => {
    const src = await file('in/b.mkv', 'bbb');
    const target = path.join(lib, 'B/B.mkv');
    expect(await transferFile({ source: src, target, mode: 'move', libraryRoot: lib })).toBe(
      'imported',
    );
    await expect(stat(src)).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('bbb');
  });

  it('calls the same file at the target a duplicate: a copy keeps the source, a move drops it', async () => {
    const src = await file('in/c.mkv', 'same');
    const target = await file('lib/C/C.mkv', 'same');
    expect(await transferFile({ source: src, target, mode: 'copy', libraryRoot: lib })).toBe(
      'skipped_duplicate',
    );
    expect(await readFile(src, 'utf8')).toBe('same');
    expect(await transferFile({ source: src, target, mode: 'move', libraryRoot: lib })).toBe(
      'skipped_duplicate',
    );
    await expect(stat(src)).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('same');
  });

  it('finishes a move that stopped between placing the file and removing the source', async () => {
    const src = await file('in/f.mkv', 'half-moved');
    const target = path.join(lib, 'F/F.mkv');
    await mkdir(path.dirname(target));
    await link(src, target);
    expect(await transferFile({ source: src, target, mode: 'move', libraryRoot: lib })).toBe(
      'skipped_duplicate',
    );
    await expect(stat(src)).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('half-moved');
  });

  it('replaces a temporary file a crashed copy left behind', async () => {
    const src = await file('in/g.mkv', 'fresh');
    const target = path.join(lib, 'G/G.mkv');
    await file('lib/G/.G.mkv.plex-import.partial', 'stale hal');
    expect(await transferFile({ source: src, target, mode: 'copy', libraryRoot: lib })).toBe(
      'imported',
    );
    expect(await readdir(path.dirname(target))).toEqual(['G.mkv']);
    expect(await readFile(target, 'utf8')).toBe('fresh');
  });

  it('refuses a different file at the target (same size too) and leaves both', async () => {
    const src = await file('in/d.mkv', 'aaaa');
    const target = await file('lib/D/D.mkv', 'bbbb');
    for (const mode of ['copy', 'move'] as const) {
      await expect(
        transferFile({ source: src, target, mode, libraryRoot: lib }),
      ).rejects.toBeInstanceOf(TargetConflict);
    }
    expect(await readFile(target, 'utf8')).toBe('bbbb');
    expect(await readFile(src, 'utf8')).toBe('aaaa');
  });

  it('will not write through a symbolic link that leads out of the library', async () => {
    const src = await file('in/e.mkv', 'e');
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere);
    await symlink(elsewhere, path.join(lib, 'E'));
    await expect(
      transferFile({
        source: src,
        target: path.join(lib, 'E/E.mkv'),
        mode: 'copy',
        libraryRoot: lib,
      }),
    ).rejects.toThrow(/outside the library/);
    expect(await readdir(elsewhere)).toEqual([]);
    await expect(
      transferFile({
        source: src,
        target: path.join(dir, 'x.mkv'),
        mode: 'copy',
        libraryRoot: lib,
      }),
    ).rejects.toThrow(/outside the library/);
  });

  it('refuses a source that became a symbolic link', async () => {
    const real = await file('secret.mkv', 's');
    const link = path.join(dir, 'in-link.mkv');
    await symlink(real, link);
    await expect(
      transferFile({
        source: link,
        target: path.join(lib, 'S/S.mkv'),
        mode: 'move',
        libraryRoot: lib,
      }),
    ).rejects.toThrow(/no longer a regular file/);
    expect(await readFile(real, 'utf8')).toBe('s');
  });
});

describe('sameContent', () => {
  it('compares bytes, not only sizes', async () => {
    const a = await file('a', 'xyz');
    const b = await file('b', 'xyz');
    const c = await file('c', 'xyq');
    expect(await sameContent(a, b)).toBe(true);
    expect(await sameContent(a, c)).toBe(false);
  });
});
