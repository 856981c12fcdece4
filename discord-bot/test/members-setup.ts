// Helpers for the members tests (verification, role panels, moderation): a second
// handle on the running service's own database, to write what the Discord side
// would and to count rows, and guild rows the gateway would normally create.
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '@homelab/nats/db';
import { PrismaClient } from '../src/generated/prisma/client.ts';
import type { TestService } from './harness.ts';

const MIGRATIONS = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export interface ServiceDb {
  db: OpenedDatabase<PrismaClient>;
  count(table: string): Promise<number>;
  addGuild(id: string, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openServiceDb(svc: TestService): Promise<ServiceDb> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'discord-members-'));
  const db = await openDatabase({
    url: svc.database!.url,
    dataDir,
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  return {
    db,
    count: (table) =>
      db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`).then((r) => r[0]!.n),
    addGuild: async (id, name) => {
      await db.prisma.guild.create({ data: { id, name, memberCount: 10 } });
    },
    close: async () => {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
