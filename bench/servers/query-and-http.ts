// The server side of bench/query-vs-http.ts, in its own process: one Hono
// GET route and one query-service endpoint that return the same payload.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import {
  closeBus,
  connectBus,
  queries,
  startQueryService,
  type QueryResponse,
} from '@homelab/nats';

const payload: QueryResponse<typeof queries.factsLatest> = {
  facts: [
    {
      factId: '0b6a6f1e-8c1d-4a55-9a0e-4f6f0d2b8c11',
      text: 'Octopuses have three hearts.',
      source: 'builtin',
      createdAt: '2026-01-01T12:00:00.000Z',
    },
  ],
};

const nc = await connectBus({
  service: 'streambot',
  servers: process.env.NATS_URL!,
  pass: process.env.NATS_PASSWORD!,
});
const svc = await startQueryService(nc, {
  service: 'streambot',
  version: '0.0.0',
  handlers: { [queries.factsLatest.subject]: async () => payload },
});

const app = new Hono();
app.get('/api/facts/latest', (c) => c.json(payload));
const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' },
  () => {
    process.send?.('ready');
  },
);

process.on('message', async (m) => {
  if (m !== 'stop') return;
  await svc.stop();
  await closeBus(nc);
  server.close(() => process.exit(0));
});
