// A throw-away database with the bus tables (outbox_events, processed_events
// and the notify trigger), owned by its own user like a service's database.
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../../../tools/test-env/mod.ts';
import { pgDatabase, type PgDatabase } from './pg-database.ts';

const BUS_TABLES = new URL('../../sql/bus-tables.sql', import.meta.url);

export interface BusDatabase extends ServiceDatabase {
  db: PgDatabase;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

export async function createBusDatabase(prefix: string, extraSql = ''): Promise<BusDatabase> {
  const database = await createServiceDatabase(inject('pgAdminUrl'), prefix);
  const db = pgDatabase(database.url);
  await db.execute((await readFile(BUS_TABLES, 'utf8')) + '\n' + extraSql);
  return {
    ...database,
    db,
    dispose: async () => {
      await db.close();
      await database.drop();
    },
  };
}
