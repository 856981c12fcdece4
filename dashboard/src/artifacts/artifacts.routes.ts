// Artifacts over HTTP (mounted at /api/artifacts behind the session guard):
// upload (multipart, streamed to disk), list, one, download, delete, and a
// request for an AI analysis. Downloads are always attachments, never shown
// inline, with the stored type and nosniff.
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { parseInput } from '../http/errors.ts';
import { currentUser } from '../http/session.ts';
import type { Artifact } from './artifact-store.ts';
import type { ArtifactsService } from './artifacts.ts';
import { attachmentDisposition } from './file-names.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const LIST_LIMIT = { min: 1, max: 200, default: 50 };

const listQuery = z.object({
  limit: z.coerce
    .number({ error: `expected how many artifacts (${LIST_LIMIT.min}-${LIST_LIMIT.max})` })
    .int()
    .min(LIST_LIMIT.min)
    .max(LIST_LIMIT.max)
    .default(LIST_LIMIT.default),
  offset: z.coerce
    .number({ error: 'expected how many artifacts to skip (0 or more)' })
    .int()
    .min(0)
    .default(0),
});

function idOf(raw: string | undefined): string {
  const id = raw ?? '';
  if (!UUID.test(id)) {
    throw new DomainError('invalid_input', `"${id.slice(0, 40)}" is not an artifact id (a UUID)`);
  }
  return id.toLowerCase();
}

/** What the API shows of an artifact (where it lies on disk stays inside). */
export function artifactView(a: Artifact) {
  const { storagePath: _, ...view } = a;
  return view;
}

/** How much of a refused upload is still read (and dropped) so the client hears the refusal. */
const DISCARD_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The request body as chunks, as they arrive. When the upload stops early (refused, or the
 * file read without the form's tail), the rest is read and dropped in the background: clients
 * such as fetch read the answer only once they have sent everything, and a body nobody reads
 * stalls the server's own drain (hono's node-server) until it resets the connection, and with
 * it the next request the client sent on that connection.
 */
async function* chunksOf(req: Request): AsyncGenerator<Uint8Array> {
  // Touched only once the upload is read: even opening the body starts pulling from the
  // socket, which a refusal on the headers alone (Content-Length, Content-Type) must not do.
  if (!req.body) return;
  const reader = req.body.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) void discardRest(reader);
  }
}

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.length;
      if (bytes > DISCARD_MAX_BYTES) return void (await reader.cancel());
    }
  } catch {
    // The client went away, or the server closed the connection: nothing left to drop.
  }
}

export function artifactRoutes(artifacts: ArtifactsService) {
  return new Hono()
    .post('/', async (c) => {
      const artifact = await artifacts.upload({
        contentType: c.req.header('content-type'),
        contentLength: c.req.header('content-length'),
        body: chunksOf(c.req.raw),
        uploadedBy: currentUser(c).username,
      });
      return c.json({ artifact: artifactView(artifact) }, 201);
    })

    .get('/', async (c) => {
      const { limit, offset } = parseInput(listQuery, c.req.query());
      const page = await artifacts.list(limit, offset);
      return c.json({
        artifacts: page.artifacts.map(artifactView),
        total: page.total,
        limit,
        offset,
        maxBytes: artifacts.maxBytes,
        analysisConfigured: artifacts.analysisConfigured,
      });
    })

    .get('/:id', async (c) => {
      const artifact = await artifacts.get(idOf(c.req.param('id')));
      return c.json({ artifact: artifactView(artifact) });
    })

    .get('/:id/download', async (c) => {
      // Hono answers HEAD with this GET route: the file is then only checked, not opened.
      const head = c.req.method === 'HEAD';
      const { artifact, stream } = await artifacts.open(idOf(c.req.param('id')), head);
      const body = stream ? (Readable.toWeb(stream) as ReadableStream<Uint8Array>) : null;
      return new Response(body, {
        headers: {
          'content-type': artifact.contentType,
          'content-length': String(artifact.sizeBytes),
          'content-disposition': attachmentDisposition(artifact.fileName),
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-cache',
          etag: `"${artifact.sha256}"`,
        },
      });
    })

    .delete('/:id', async (c) => {
      const artifact = await artifacts.remove(idOf(c.req.param('id')));
      return c.json({ deleted: artifactView(artifact) });
    })

    .post('/:id/analyze', async (c) => {
      const id = idOf(c.req.param('id'));
      const { artifact, jobId } = await artifacts.requestAnalysis(id, currentUser(c).username);
      return c.json({ artifact: artifactView(artifact), jobId }, 202);
    });
}
