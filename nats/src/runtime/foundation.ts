// The two things every service starts on, in the same way: its own database
// (migrated, PostgreSQL or embedded PGlite) and its place on the bus (its NATS
// user, its events stream, its outbox relay). Each registers how to close
// what it opened with the start-up's defer().
import { closeBus, connectBus } from '../connection.ts';
import type { ServiceName } from '../contracts/streams.ts';
import { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from '../db/mod.ts';
import type { PrismaClientLike, SqlDatabase } from '../db/mod.ts';
import { startOutboxRelay } from '../outbox/relay.ts';
import { ensureStreams } from '../streams.ts';
import { trackBusStatus, type BusState } from './bus-status.ts';
import type { CommonConfig } from './config.ts';
import type { StatusSource } from './health.ts';
import type { Defer } from './lifecycle.ts';
import { maskUrl, type Logger } from './logger.ts';

export async function openServiceDatabase<P extends PrismaClientLike>(options: {
  database: CommonConfig['database'];
  createClient: OpenDatabaseOptions<P>['createClient'];
  logger: Logger;
  defer: Defer;
}): Promise<OpenedDatabase<P>> {
  const { database } = options;
  const where = database.url ? maskUrl(database.url) : `pglite:${database.dataDir}`;
  options.logger.info({ database: { url: where } }, 'opening database');
  const db = await openDatabase({
    url: database.url,
    schema: database.schema,
    dataDir: database.dataDir,
    migrationsDir: database.migrationsDir,
    createClient: options.createClient,
  });
  options.defer(() => db.close());
  return db;
}

/** Connects as the service's user, makes sure its stream is right, and starts its outbox relay. */
export async function joinBus(options: {
  owner: ServiceName;
  nats: CommonConfig['nats'];
  sql: SqlDatabase;
  logger: Logger;
  defer: Defer;
}) {
  const { owner, nats, logger, defer } = options;
  const nc = await connectBus({
    service: owner,
    servers: nats.servers,
    user: nats.user,
    pass: nats.password,
    logger: logger.child({ component: 'nats' }),
  });
  defer(() => closeBus(nc));
  const status = trackBusStatus(nc);
  await ensureStreams(nc, owner);

  const relay = startOutboxRelay({
    nc,
    db: options.sql,
    logger: logger.child({ component: 'outbox' }),
  });
  defer(() => relay.stop());
  return { nc, status };
}

/** The database, then the bus: what every service opens first, in that order. */
export async function startFoundation<P extends PrismaClientLike>(options: {
  owner: ServiceName;
  config: CommonConfig;
  createClient: OpenDatabaseOptions<P>['createClient'];
  logger: Logger;
  defer: Defer;
}) {
  const { config, logger, defer } = options;
  const db = await openServiceDatabase({
    database: config.database,
    createClient: options.createClient,
    logger,
    defer,
  });
  const { nc, status: bus } = await joinBus({
    owner: options.owner,
    nats: config.nats,
    sql: db.sql,
    logger,
    defer,
  });
  return { db, nc, bus };
}

/** What /readyz and /api/info report: the service, its database and its bus, checked live. */
export function serviceStatus(
  config: CommonConfig,
  startedAt: Date,
  db: { kind: string; ping(): Promise<void> },
  bus: { state(): BusState; check(): Promise<void> },
): StatusSource {
  return {
    service: config.service,
    version: config.version,
    startedAt,
    databaseKind: db.kind,
    natsStatus: bus.state,
    checks: [
      { name: 'database', check: () => db.ping() },
      { name: 'nats', check: bus.check },
    ],
  };
}
