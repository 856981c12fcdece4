// The start-up and memory baseline for bench/service-footprint.ts: Node with
// the tsx loader and a Hono server answering /readyz — what every service pays
// before its own code (config, Prisma, migrations, NATS, routes) runs.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/healthz', (c) => c.json({ status: 'ok' }));
app.get('/readyz', (c) => c.json({ status: 'ready' }));
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
