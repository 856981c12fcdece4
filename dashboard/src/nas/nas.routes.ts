// NAS shares over HTTP: definitions (CRUD), their state, mount and unmount.
// Bodies are checked by shape here and by meaning in validation.ts.
import { Hono } from 'hono';
import { readJson } from '../http/errors.ts';
import type { Shares } from './shares.ts';
import { shareInput, sharePatch } from './validation.ts';

export function nasRoutes(shares: Shares) {
  return new Hono()
    .get('/shares', async (c) =>
      c.json({ mountRoot: shares.mountRoot, shares: await shares.listWithStatus() }),
    )

    .post('/shares', async (c) => {
      const input = await readJson(c, shareInput);
      return c.json({ share: await shares.create(input) }, 201);
    })

    .get('/shares/:id', async (c) => c.json({ share: await shares.get(c.req.param('id')) }))

    .patch('/shares/:id', async (c) => {
      const patch = await readJson(c, sharePatch);
      return c.json({ share: await shares.update(c.req.param('id'), patch) });
    })

    .delete('/shares/:id', async (c) => {
      await shares.remove(c.req.param('id'));
      return c.json({ deleted: true });
    })

    .get('/shares/:id/status', async (c) =>
      c.json({ share: await shares.status(c.req.param('id')) }),
    )

    .post('/shares/:id/mount', async (c) =>
      c.json({ share: await shares.mount(c.req.param('id')) }),
    )

    .post('/shares/:id/unmount', async (c) =>
      c.json({ share: await shares.unmount(c.req.param('id')) }),
    );
}
