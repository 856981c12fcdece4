export { freePort, waitForPort } from './ports.ts';
export {
  startNatsServer,
  credentialsFrom,
  NATS_CONFIG,
  type NatsServerHandle,
  type NatsCredentials,
} from './nats-server.ts';
export { startPostgres, type PostgresHandle } from './postgres.ts';
export { createServiceDatabase, withDatabase, type ServiceDatabase } from './databases.ts';
export { openSql, sqlOverPool, type OpenedSql } from './pg-sql.ts';
