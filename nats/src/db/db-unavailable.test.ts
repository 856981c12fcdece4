import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createServiceDatabase,
  freePort,
  type ServiceDatabase,
} from '../../../tools/test-env/mod.ts';
import { isDatabaseUnavailable } from './db-errors.ts';
import { openDatabase, type OpenedDatabase } from './open-database.ts';
import {
  FIXTURE_MIGRATIONS,
  OUTBOX_INSERT,
  createFixtureClient,
  outboxParams,
  tempDir,
  type FixtureClient,
  type TempDir,
} from './test-support.ts';

const failure = (p: PromiseLike<unknown>) =>
  Promise.resolve(p).then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );

describe('a database nobody listens on', () => {
  let pool: pg.Pool;
  let prisma: FixtureClient;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: `postgres://x:y@127.0.0.1:${await freePort()}/x` });
    prisma = createFixtureClient(
      new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0]),
    );
  });
  afterAll(async () => {
    await prisma.$disconnect();
    await pool.end();
  });

  it.each([
    ['a model query', () => prisma.note.findMany()],
    ['a raw query', () => prisma.$queryRawUnsafe('SELECT 1')],
    ['a transaction', () => prisma.$transaction(async (tx) => tx.note.count())],
    ['the driver itself', () => pool.query('SELECT 1')],
  ])('counts as unavailable in %s', async (_, run) => {
    expect(isDatabaseUnavailable(await failure(run()))).toBe(true);
  });
});

describe('a database that refuses a statement', () => {
  let tmp: TempDir;
  let database: ServiceDatabase;
  let db: OpenedDatabase<FixtureClient>;
  beforeAll(async () => {
    tmp = await tempDir('unavailable');
    database = await createServiceDatabase(inject('pgAdminUrl'), 'db_unavailable');
    db = await openDatabase({
      url: database.url,
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

  it('counts a database closed to connections as unavailable', async () => {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE "${database.database}" ALLOW_CONNECTIONS false`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1',
        [database.database],
      );
      const errors = [
        await failure(db.prisma.note.findMany()),
        await failure(db.sql.query('SELECT 1')),
        await failure(db.sql.transaction((tx) => tx.query('SELECT 1'))),
      ];
      expect(errors.map(isDatabaseUnavailable)).toEqual([true, true, true]);
    } finally {
      await admin.query(`ALTER DATABASE "${database.database}" ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await expect(db.ping()).resolves.toBeUndefined();
  });

  it('does not count a duplicate key, bad SQL or a missing row as unavailable', async () => {
    const id = randomUUID();
    await db.sql.execute(OUTBOX_INSERT, outboxParams(id));
    const errors = [
      await failure(db.sql.execute(OUTBOX_INSERT, outboxParams(id))),
      await failure(db.sql.query('SELEC 1')),
      await failure(db.prisma.note.update({ where: { id }, data: { body: 'x' } })),
    ];
    expect(errors.map(isDatabaseUnavailable)).toEqual([false, false, false]);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    const lost = new Error('Client has encountered a connection error and is not queryable');
    expect(isDatabaseUnavailable(lost)).toBe(true);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
