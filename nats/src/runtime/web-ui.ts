// Serves the built SolidJS app from web/dist. Paths without a file extension
// fall back to index.html so client-side routes survive a reload; /api/* is
// never answered here. The build is looked up per request, so running
// `build:web` while the service is up is enough.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';

function missingBuildPage(service: string) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${service}: web UI not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The ${service} web UI has not been built</h1>
<p>The API is running (see <a href="/api/info">/api/info</a>). To get the web UI, run</p>
<pre style="background:#f3f3f3;padding:1rem">npm run build:web -w @homelab/${service}</pre>
<p>from the repository root, then reload this page.</p>
</body></html>`;
}

export function webUi(root: string, service: string): MiddlewareHandler {
  const index = path.join(root, 'index.html');
  let assets: MiddlewareHandler | undefined;
  return async (c, next) => {
    const p = c.req.path;
    if (p === '/api' || p.startsWith('/api/')) return next();
    if (!existsSync(index)) return c.html(missingBuildPage(service), 503);
    assets ??= serveStatic({ root });
    const served = await assets(c, async () => undefined);
    if (served) return served;
    if (path.extname(p) !== '') return next();
    c.header('Cache-Control', 'no-cache');
    return c.html(await readFile(index, 'utf8'));
  };
}
