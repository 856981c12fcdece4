// Shared by the tests of this folder: the fixture service (test-fixture/),
// its generated Prisma client, and throw-away copies of its migrations.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaClient } from '../generated/db-test-client/client.ts';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export const FIXTURE_MIGRATIONS = fileURLToPath(
  new URL('test-fixture/migrations', import.meta.url),
);

export const createFixtureClient = (adapter: SqlDriverAdapterFactory) =>
  new PrismaClient({ adapter });
export type FixtureClient = ReturnType<typeof createFixtureClient>;

export interface TempDir {
  dir: string;
  remove(): Promise<void>;
}

export async function tempDir(prefix: string): Promise<TempDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `homelab-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A copy of the fixture's migrations that a test may edit. */
export async function copyMigrations(into: string): Promise<string> {
  const dir = path.join(into, 'migrations');
  await cp(FIXTURE_MIGRATIONS, dir, { recursive: true });
  return dir;
}

/** The INSERT the bus's enqueueEvent runs, with a minimal envelope. */
export const OUTBOX_INSERT = `INSERT INTO outbox_events (id, subject, aggregate_type, aggregate_id, envelope)
VALUES ($1::uuid, $2, $3, $4, $5::jsonb)`;

export function outboxParams(id: string, aggregateId = 'note-1'): unknown[] {
  const envelope = { id, type: 'test.evt.note.created', version: 1, data: { aggregateId } };
  return [id, 'test.evt.note.created.v1', 'note', aggregateId, JSON.stringify(envelope)];
}
