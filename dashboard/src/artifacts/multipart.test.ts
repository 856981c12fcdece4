import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundaryOf, createMultipartReader, type PartHeaders } from './multipart.ts';

/** A form encoded the way fetch/undici (like a browser) encodes it. */
async function encode(form: FormData) {
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    contentType: req.headers.get('content-type') ?? '',
    bytes: new Uint8Array(await req.arrayBuffer()),
  };
}

async function* inChunks(bytes: Uint8Array, sizes: number[]) {
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length] ?? 1);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function readAll(source: AsyncIterable<Uint8Array>, contentType: string) {
  const reader = createMultipartReader(source, boundaryOf(contentType));
  const parts: (PartHeaders & { body: string })[] = [];
  for (let part = await reader.nextPart(); part; part = await reader.nextPart()) {
    const chunks: Buffer[] = [];
    for await (const chunk of reader.body()) chunks.push(Buffer.from(chunk));
    parts.push({ ...part, body: Buffer.concat(chunks).toString('latin1') });
  }
  return parts;
}

describe('multipart reader', () => {
  it('reads fields and files, whatever the chunk sizes', async () => {
    const form = new FormData();
    form.append('note', 'hello');
    form.append('file', new Blob(['line 1\r\nline 2\r\n--not a boundary\r\n']), '../x y.log');
    form.append('empty', new Blob([]), 'empty.txt');
    const { contentType, bytes } = await encode(form);
    for (const sizes of [[bytes.length], [1], [7, 3, 50], [64]]) {
      const parts = await readAll(inChunks(bytes, sizes), contentType);
      expect(parts.map((p) => [p.name, p.fileName, p.body])).toEqual([
        ['note', undefined, 'hello'],
        ['file', '../x y.log', 'line 1\r\nline 2\r\n--not a boundary\r\n'],
        ['empty', 'empty.txt', ''],
      ]);
    }
  });

  it('gives back any bytes exactly, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 10 }),
        async (content, sizes) => {
          const form = new FormData();
          form.append('file', new Blob([content]), 'data.bin');
          const { contentType, bytes } = await encode(form);
          const [part] = await readAll(inChunks(bytes, sizes), contentType);
          expect(Buffer.from(part?.body ?? '', 'latin1').equals(Buffer.from(content))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('skips a part whose body is not read', async () => {
    const form = new FormData();
    form.append('skip', new Blob(['x'.repeat(5000)]), 'a.txt');
    form.append('file', new Blob(['wanted']), 'b.txt');
    const { contentType, bytes } = await encode(form);
    const reader = createMultipartReader(inChunks(bytes, [100]), boundaryOf(contentType));
    expect((await reader.nextPart())?.name).toBe('skip');
    expect((await reader.nextPart())?.fileName).toBe('b.txt');
  });

  it('refuses what is not multipart/form-data or is cut short', async () => {
    expect(() => boundaryOf('application/json')).toThrow(/multipart\/form-data/);
    expect(() => boundaryOf('multipart/form-data')).toThrow(/no boundary/);
    const form = new FormData();
    form.append('file', new Blob(['abc'.repeat(100)]), 'c.txt');
    const { contentType, bytes } = await encode(form);
    const cut = bytes.subarray(0, bytes.length - 60);
    await expect(readAll(inChunks(cut, [50]), contentType)).rejects.toThrow(/ended before/);
    await expect(readAll(inChunks(Buffer.from('junk'), [4]), contentType)).rejects.toThrow(
      /no boundary/,
    );
  });
});
