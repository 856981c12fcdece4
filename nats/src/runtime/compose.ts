// The frame of every service's start-up: a logger, its database, its place on
// the bus, and at the end an HTTP listener, each closed again in reverse on
// stop() or when a later step fails. The service's own parts (stores, query
// handlers, read models, routes) are built by the function it passes in.
import type { Hono } from 'hono';
import type { NatsConnection } from 'nats';
import type { ServiceName } from '../contracts/streams.ts';
import type { OpenDatabaseOptions, OpenedDatabase, PrismaClientLike } from '../db/mod.ts';
import type { trackBusStatus } from './bus-status.ts';
import type { CommonConfig } from './config.ts';
import { serviceStatus, startFoundation } from './foundation.ts';
import type { StatusSource } from './health.ts';
import { listen } from './http-server.ts';
import { startInSteps, type Defer, type Started } from './lifecycle.ts';
import { createLogger, type Logger } from './logger.ts';

export interface ServiceParts<P> {
  log: Logger;
  defer: Defer;
  db: OpenedDatabase<P>;
  nc: NatsConnection;
  bus: ReturnType<typeof trackBusStatus>;
  /** What /readyz and /api/info report: the service, its database and its bus. */
  status: StatusSource;
  /** Listens on the configured host and port, closes on stop, and returns the URL. */
  serve(app: Hono): Promise<string>;
}

/** What a service's generated PrismaClient is built on (its `adapter` option). */
export type ClientAdapter = Parameters<OpenDatabaseOptions<PrismaClientLike>['createClient']>[0];

export interface ComposeOptions<P extends PrismaClientLike> {
  owner: ServiceName;
  config: CommonConfig;
  /** The process logger (main.ts passes one); tests get one made from the config. */
  logger?: Logger;
  createClient: (adapter: ClientAdapter) => P;
}

export async function composeService<P extends PrismaClientLike, T extends object>(
  options: ComposeOptions<P>,
  build: (parts: ServiceParts<P>) => Promise<T>,
): Promise<Started<T>> {
  const { config } = options;
  const log =
    options.logger ??
    createLogger({ level: config.logLevel, service: config.service, version: config.version });
  const startedAt = new Date();

  return startInSteps({ name: config.service, logger: log }, async (defer) => {
    const { db, nc, bus } = await startFoundation({
      owner: options.owner,
      config,
      createClient: options.createClient,
      logger: log,
      defer,
    });
    return build({
      log,
      defer,
      db,
      nc,
      bus,
      status: serviceStatus(config, startedAt, db, bus),
      serve: async (app) => {
        const server = await listen(app, config.http.port, config.http.host);
        defer(() => server.close());
        return server.url;
      },
    });
  });
}
