// Vitest global set-up: one nats-server (the project's config) and one
// PostgreSQL cluster for the whole run, handed to the tests with provide().
import type { TestProject } from 'vitest/node';
import { startNatsServer } from './nats-server.ts';
import { startPostgres } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    natsUrl: string;
    natsMonitorUrl: string;
    natsCredentials: import('./nats-server.ts').NatsCredentials;
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const [nats, postgres] = await Promise.all([startNatsServer(), startPostgres()]);
  project.provide('natsUrl', nats.url);
  project.provide('natsMonitorUrl', nats.monitorUrl);
  project.provide('natsCredentials', nats.credentials);
  project.provide('pgAdminUrl', postgres.adminUrl);
  return async () => {
    await Promise.all([nats.dispose(), postgres.stop()]);
  };
}
