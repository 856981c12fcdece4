// The composition of stream-bot: database, bus, relay, queries, HTTP. Used by
// main.ts and by tests that run the service in-process.
import { fileURLToPath } from 'node:url';
import {
  connectBus,
  closeBus,
  ensureStreams,
  queries,
  startOutboxRelay,
  startQueryService,
} from '@homelab/nats';
import { openDatabase } from '@homelab/nats/db';
import type { Config } from './config.ts';
import { createFactStore } from './db/fact-store.ts';
import { createFactService } from './domain/facts.ts';
import { announceStart } from './events/announce.ts';
import { createQueryHandlers } from './events/queries.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createApp } from './http/app.ts';
import { createLogger, listen, maskUrl, trackBusStatus, type Logger } from '@homelab/nats/runtime';

export const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));

export interface RunningService {
  url: string;
  instanceId: string;
  /** Stops accepting requests, stops relay and queries, drains NATS, closes the database. */
  stop(): Promise<void>;
}

export async function startService(config: Config, logger?: Logger): Promise<RunningService> {
  const log =
    logger ??
    createLogger({ level: config.logLevel, service: config.service, version: config.version });
  const startedAt = new Date();
  // Everything opened so far, closed in reverse if a later step fails.
  const undo: (() => Promise<unknown>)[] = [];
  const unwind = async () => {
    for (const step of undo.reverse())
      await step().catch((err: unknown) => log.warn({ err }, 'cleanup step failed'));
  };

  try {
    log.info(
      {
        database: {
          url: config.database.url
            ? maskUrl(config.database.url)
            : `pglite:${config.database.dataDir}`,
        },
      },
      'opening database',
    );
    const db = await openDatabase({
      url: config.database.url,
      schema: config.database.schema,
      dataDir: config.database.dataDir,
      migrationsDir: config.database.migrationsDir,
      createClient: (adapter) => new PrismaClient({ adapter }),
    });
    undo.push(() => db.close());

    const nc = await connectBus({
      service: 'streambot',
      servers: config.nats.servers,
      user: config.nats.user,
      pass: config.nats.password,
      logger: log.child({ component: 'nats' }),
    });
    undo.push(() => closeBus(nc));
    const bus = trackBusStatus(nc);
    await ensureStreams(nc, 'streambot');

    const relay = startOutboxRelay({ nc, db: db.sql, logger: log.child({ component: 'outbox' }) });
    undo.push(() => relay.stop());

    const store = createFactStore(db);
    const handlers = createQueryHandlers(store);
    const queryService = await startQueryService(nc, {
      service: 'streambot',
      version: config.version,
      description: 'stream-bot: chat facts and bot status',
      logger: log.child({ component: 'queries' }),
      handlers: {
        [queries.factsLatest.subject]: handlers.factsLatest,
        [queries.botStatus.subject]: handlers.botStatus,
        [queries.analyticsSummary.subject]: handlers.analyticsSummary,
      },
    });
    undo.push(() => queryService.stop());

    const instanceId = await announceStart(db.sql, config.version);

    const app = createApp({
      logger: log,
      facts: createFactService(store),
      webRoot: WEB_ROOT,
      status: {
        service: config.service,
        version: config.version,
        startedAt,
        databaseKind: db.kind,
        natsStatus: bus.state,
        checks: [
          { name: 'database', check: () => db.ping() },
          { name: 'nats', check: bus.check },
        ],
      },
    });
    const server = await listen(app, config.http.port, config.http.host);
    undo.push(() => server.close());
    log.info({ url: server.url, instanceId }, 'stream-bot is up');

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      instanceId,
      stop: () => (stopping ??= unwind().then(() => log.info('stream-bot stopped'))),
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
