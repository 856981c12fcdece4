import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../../../tools/test-env/mod.ts';
import { openDatabase, type OpenedDatabase } from './open-database.ts';
import { sqlFromPrisma } from './prisma-sql.ts';
import {
  FIXTURE_MIGRATIONS,
  OUTBOX_INSERT,
  createFixtureClient,
  outboxParams,
  tempDir,
  type FixtureClient,
  type TempDir,
} from './test-support.ts';

class Abort extends Error {}

const kinds = ['postgres', 'pglite'] as const;

describe.each(kinds)('openDatabase on %s', (kind) => {
  let tmp: TempDir;
  let database: ServiceDatabase | undefined;
  let db: OpenedDatabase<FixtureClient>;

  beforeAll(async () => {
    tmp = await tempDir(`open-${kind}`);
    if (kind === 'postgres')
      database = await createServiceDatabase(inject('pgAdminUrl'), 'open_db');
    db = await openDatabase({
      url: database?.url,
      dataDir: tmp.dir,
      migrationsDir: FIXTURE_MIGRATIONS,
      createClient: createFixtureClient,
    });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    await tmp?.remove();
  });

  const count = async (table: 'notes' | 'outbox_events', id: string) => {
    const column = table === 'notes' ? 'body' : 'aggregate_id';
    const rows = await db.sql.query<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`,
      [id],
    );
    return Number(rows[0]?.n);
  };

  it('reports its kind and answers a ping once migrated', async () => {
    expect(db.kind).toBe(kind);
    await expect(db.ping()).resolves.toBeUndefined();
    expect(await db.prisma.note.count()).toBe(0);
  });

  it('commits a Prisma write and a raw outbox insert in one prisma.$transaction', async () => {
    const tag = randomUUID();
    await db.prisma.$transaction(async (tx) => {
      await tx.note.create({ data: { body: tag } });
      await sqlFromPrisma(tx).execute(OUTBOX_INSERT, outboxParams(randomUUID(), tag));
    });
    expect([await count('notes', tag), await count('outbox_events', tag)]).toEqual([1, 1]);
  });

  it('rolls both back when the prisma.$transaction throws', async () => {
    const tag = randomUUID();
    const attempt = db.prisma.$transaction(async (tx) => {
      await tx.note.create({ data: { body: tag } });
      await sqlFromPrisma(tx).execute(OUTBOX_INSERT, outboxParams(randomUUID(), tag));
      throw new Abort('changed my mind');
    });
    await expect(attempt).rejects.toBeInstanceOf(Abort);
    expect([await count('notes', tag), await count('outbox_events', tag)]).toEqual([0, 0]);
  });

  it('commits or rolls back a domain row and its outbox row together in sql.transaction', async () => {
    const kept = randomUUID();
    const dropped = randomUUID();
    for (const tag of [kept, dropped]) {
      const attempt = db.sql.transaction(async (tx) => {
        await tx.execute('INSERT INTO notes (body) VALUES ($1)', [tag]);
        await tx.execute(OUTBOX_INSERT, outboxParams(randomUUID(), tag));
        if (tag === dropped) throw new Abort('no');
      });
      if (tag === dropped) await expect(attempt).rejects.toBeInstanceOf(Abort);
      else await attempt;
    }
    expect([await count('notes', kept), await count('outbox_events', kept)]).toEqual([1, 1]);
    expect([await count('notes', dropped), await count('outbox_events', dropped)]).toEqual([0, 0]);
  });

  it('reads outbox rows back with the types the relay expects', async () => {
    const id = randomUUID();
    await db.sql.execute(OUTBOX_INSERT, outboxParams(id, 'typed'));
    const rows = await db.sql.transaction((tx) =>
      tx.query<Record<string, unknown>>(
        `SELECT seq, id, envelope, created_at FROM outbox_events WHERE id = $1::uuid
         FOR UPDATE SKIP LOCKED`,
        [id],
      ),
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(BigInt(String(row.seq))).toBeGreaterThan(0n);
    expect(row.id).toBe(id);
    expect(row.envelope).toMatchObject({ id, data: { aggregateId: 'typed' } });
    expect(row.created_at).toBeInstanceOf(Date);
    expect(
      await db.sql.execute('UPDATE outbox_events SET attempts = attempts + 1 WHERE id = $1::uuid', [
        id,
      ]),
    ).toBe(1);
  });

  it('calls sql.listen subscribers when an outbox row is inserted, until they unlisten', async () => {
    let calls = 0;
    let notified!: () => void;
    const first = new Promise<void>((resolve) => (notified = resolve));
    const unlisten = await db.sql.listen!('outbox_events', () => {
      calls++;
      notified();
    });
    await db.prisma.$transaction(async (tx) => {
      await sqlFromPrisma(tx).execute(OUTBOX_INSERT, outboxParams(randomUUID(), 'listen'));
    });
    await first;
    expect(calls).toBeGreaterThanOrEqual(1);

    await unlisten();
    const seen = calls;
    await db.sql.execute(OUTBOX_INSERT, outboxParams(randomUUID(), 'after-unlisten'));
    await db.ping();
    await new Promise((r) => setTimeout(r, 200));
    expect(calls).toBe(seen);
  });
});

describe('openDatabase lifecycle', () => {
  it('closes PGlite for real and leaves process.exitCode as it was', async () => {
    const tmp = await tempDir('close');
    process.exitCode = undefined;
    try {
      const db = await openDatabase({
        dataDir: tmp.dir,
        migrationsDir: FIXTURE_MIGRATIONS,
        createClient: createFixtureClient,
      });
      await db.prisma.note.create({ data: { body: 'persisted' } });
      await db.close();
      expect(process.exitCode).toBeUndefined();
      await expect(db.ping()).rejects.toThrow();

      // The data survives a reopen: the files were flushed on close.
      const again = await openDatabase({
        dataDir: tmp.dir,
        migrationsDir: FIXTURE_MIGRATIONS,
        createClient: createFixtureClient,
      });
      expect(await again.prisma.note.findMany({ select: { body: true } })).toEqual([
        { body: 'persisted' },
      ]);
      await again.close();
      expect(process.exitCode).toBeUndefined();
    } finally {
      await tmp.remove();
    }
  });

  it('keeps Prisma and raw SQL in the schema named by ?schema= on PostgreSQL', async () => {
    const database = await createServiceDatabase(inject('pgAdminUrl'), 'open_schema');
    const tmp = await tempDir('schema');
    try {
      const db = await openDatabase({
        url: `${database.url}?schema=svc`,
        dataDir: tmp.dir,
        migrationsDir: FIXTURE_MIGRATIONS,
        createClient: createFixtureClient,
      });
      await db.prisma.note.create({ data: { body: 'in svc' } });
      expect(await db.sql.query('SELECT body FROM notes')).toEqual([{ body: 'in svc' }]);
      const where = await db.sql.query<{ table_schema: string }>(
        `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name = 'notes'`,
      );
      expect(where).toEqual([{ table_schema: 'svc' }]);
      await db.close();
      await expect(db.ping()).rejects.toThrow();
    } finally {
      await database.drop();
      await tmp.remove();
    }
  });
});
