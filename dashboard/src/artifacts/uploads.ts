// One upload, from the request's bytes to a stored file and its row: the
// multipart body is read as it streams in, the name made safe and the type
// checked before a byte is written, the file written under a new UUID, and the
// row inserted after it (a failed insert removes the file again).
import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.ts';
import type { ArtifactFiles } from './artifact-files.ts';
import { formatBytes } from './artifact-files.ts';
import type { Artifact, ArtifactStore } from './artifact-store.ts';
import { safeFileName } from './file-names.ts';
import { fileTypeOf } from './file-types.ts';
import { boundaryOf, createMultipartReader } from './multipart.ts';

/** Room for the multipart framing around the file (boundaries, part headers, other fields). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const ORIGINAL_NAME_MAX = 1000;

export interface UploadRequest {
  contentType: string | undefined;
  contentLength: string | undefined;
  /** Read only after the checks of the headers. */
  body: AsyncIterable<Uint8Array>;
  uploadedBy: string;
}

export interface UploadDeps {
  store: ArtifactStore;
  files: ArtifactFiles;
  maxBytes: number;
}

const tooLarge = (maxBytes: number) =>
  new DomainError(
    'too_large',
    `the upload is larger than the limit of ${formatBytes(maxBytes)} (ARTIFACT_MAX_BYTES)`,
  );

/** Counts the request's bytes and stops the whole body (not only the file) past the cap. */
async function* capped(body: AsyncIterable<Uint8Array>, cap: number, maxBytes: number) {
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > cap) throw tooLarge(maxBytes);
    yield chunk;
  }
}

export async function storeUpload(deps: UploadDeps, req: UploadRequest): Promise<Artifact> {
  const cap = deps.maxBytes + MULTIPART_OVERHEAD_BYTES;
  // A declared size past the limit is refused before a byte of the body is read.
  if (req.contentLength !== undefined && Number(req.contentLength) > cap) {
    throw tooLarge(deps.maxBytes);
  }
  const boundary = boundaryOf(req.contentType);
  const source = capped(req.body, cap, deps.maxBytes);
  try {
    return await readUpload(deps, req, createMultipartReader(source, boundary));
  } finally {
    // Lets go of the request body whichever way the upload ended (its rest is not needed).
    await source.return(undefined);
  }
}

async function readUpload(
  deps: UploadDeps,
  req: UploadRequest,
  reader: ReturnType<typeof createMultipartReader>,
): Promise<Artifact> {
  for (let part = await reader.nextPart(); part; part = await reader.nextPart()) {
    if (part.name !== 'file' || part.fileName === undefined) continue;
    const originalName = part.fileName.slice(0, ORIGINAL_NAME_MAX);
    const fileName = safeFileName(part.fileName);
    const type = fileTypeOf(fileName);
    const id = randomUUID();
    const stored = await deps.files.write(id, reader.body(), {
      name: fileName,
      type,
      maxBytes: deps.maxBytes,
    });
    try {
      return await deps.store.insert({
        id,
        fileName,
        originalName,
        contentType: type.contentType,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        storagePath: stored.storagePath,
        textLike: type.textLike,
        uploadedBy: req.uploadedBy,
      });
    } catch (err) {
      await deps.files.remove(stored.storagePath);
      throw err;
    }
  }
  throw new DomainError('invalid_input', 'the form has no file in a field named "file"');
}
