// The artifacts folder on disk. A file is named by its artifact's UUID, never by
// anything the user sent; it is written to a temporary name while it streams in
// (counted, hashed and checked on the way) and renamed into place only once it is
// complete and valid, so a half-written or refused upload never has a final name.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DomainError } from '../domain/errors.ts';
import { createContentCheck, type FileType } from './file-types.ts';

const TEMP_PREFIX = '.upload-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Files younger than this are left alone by the sweep: an upload may be between rename and insert. */
const SWEEP_GRACE_MS = 10 * 60_000;

export interface StoredFile {
  storagePath: string;
  sizeBytes: number;
  sha256: string;
}

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB` : `${n} bytes`;

export function createArtifactFiles(dir: string) {
  const pathOf = (storagePath: string) => {
    // Stored paths are UUIDs this code chose; anything else in the table is refused outright.
    if (!UUID.test(storagePath)) throw new Error(`not an artifact storage path: ${storagePath}`);
    return path.join(dir, storagePath);
  };

  return {
    dir,

    /** Creates the folder (owner only: 0700) if needed and tightens an existing one. */
    async prepare(): Promise<void> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
    },

    /**
     * Streams chunks into a new file named id, checking the size limit and the content as
     * it goes: too_large the moment the limit is passed, unsupported_type when the content
     * does not fit the type. On any failure nothing is left on disk.
     */
    async write(
      id: string,
      chunks: AsyncIterable<Uint8Array>,
      check: { name: string; type: FileType; maxBytes: number },
    ): Promise<StoredFile> {
      const final = pathOf(id);
      const temp = path.join(dir, `${TEMP_PREFIX}${randomUUID()}`);
      const hash = createHash('sha256');
      const content = createContentCheck(check.name, check.type);
      let size = 0;
      const handle = await open(temp, 'wx', 0o600);
      try {
        try {
          for await (const chunk of chunks) {
            size += chunk.length;
            if (size > check.maxBytes) {
              throw new DomainError(
                'too_large',
                `"${check.name}" is larger than the limit of ${formatBytes(check.maxBytes)} (ARTIFACT_MAX_BYTES)`,
              );
            }
            hash.update(chunk);
            content.push(chunk);
            await handle.write(chunk);
          }
        } finally {
          await handle.close();
        }
        if (size === 0) throw new DomainError('invalid_input', `"${check.name}" is empty`);
        content.end();
        await rename(temp, final);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { storagePath: id, sizeBytes: size, sha256: hash.digest('hex') };
    },

    /** A stream of the stored file (undefined with `checkOnly`); not_found when it is missing. */
    async read(storagePath: string, checkOnly = false) {
      const file = pathOf(storagePath);
      try {
        await stat(file);
      } catch (cause) {
        throw new DomainError(
          'not_found',
          "the artifact's file is missing from the artifacts folder",
          {
            cause,
          },
        );
      }
      return checkOnly ? undefined : createReadStream(file);
    },

    async remove(storagePath: string): Promise<void> {
      await rm(pathOf(storagePath), { force: true });
    },

    /**
     * Removes what a crash can leave behind: temporary files of interrupted uploads and
     * files whose row was never written. Files younger than a grace period are kept (an
     * upload of another replica may be between its rename and its insert).
     */
    async sweep(known: Set<string>, now = Date.now()): Promise<string[]> {
      const removed: string[] = [];
      for (const name of await readdir(dir)) {
        const orphan = name.startsWith(TEMP_PREFIX) || (UUID.test(name) && !known.has(name));
        if (!orphan) continue;
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile() || now - info.mtimeMs < SWEEP_GRACE_MS) continue;
        await rm(file, { force: true });
        removed.push(name);
      }
      return removed;
    },
  };
}

export type ArtifactFiles = ReturnType<typeof createArtifactFiles>;
