// Each service has its own database and its own user, and no user can
// connect to another service's database. The test cluster checks passwords,
// but production may trust local connections: the guarantee must come from
// privileges (REVOKE CONNECT … FROM PUBLIC, GRANT CONNECT to the owner),
// which PostgreSQL enforces whatever the authentication method.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createServiceDatabase,
  withDatabase,
  type ServiceDatabase,
} from '../../../tools/test-env/mod.ts';
import { DatabaseConnectError } from './db-errors.ts';
import { openDatabase } from './open-database.ts';
import { FIXTURE_MIGRATIONS, createFixtureClient, tempDir } from './test-support.ts';

type Service = 'streambot' | 'discord' | 'homelab_jarvis';
const services: Service[] = ['streambot', 'discord', 'homelab_jarvis'];
const dbs = {} as Record<Service, ServiceDatabase>;

beforeAll(async () => {
  for (const s of services) dbs[s] = await createServiceDatabase(inject('pgAdminUrl'), s);
});
afterAll(async () => {
  for (const s of services) await dbs[s]?.drop();
});

/** `user`'s credentials, aimed at `target`'s database. */
const urlOf = (user: Service, target: Service) => withDatabase(dbs[user].url, dbs[target].database);

async function connectAs(user: Service, target: Service) {
  const client = new pg.Client({ connectionString: urlOf(user, target) });
  await client.connect();
  await client.end();
}

describe('database isolation between services', () => {
  it('is enforced by privileges: PUBLIC may not connect to any service database', async () => {
    const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await admin.connect();
    try {
      for (const s of services) {
        const { rows } = await admin.query<{ pub: boolean; own: boolean }>(
          `SELECT has_database_privilege('public', $1, 'CONNECT') AS pub,
                  has_database_privilege($2, $1, 'CONNECT') AS own`,
          [dbs[s].database, dbs[s].user],
        );
        expect(rows[0]).toEqual({ pub: false, own: true });
      }
    } finally {
      await admin.end();
    }
  });

  it("denies the dashboard's user a connection to the stream-bot's and discord's databases", async () => {
    await expect(connectAs('homelab_jarvis', 'streambot')).rejects.toThrow(
      /permission denied for database/,
    );
    await expect(connectAs('homelab_jarvis', 'discord')).rejects.toThrow(
      /permission denied for database/,
    );
  });

  it("denies each bot's user the other services' databases too", async () => {
    for (const user of services) {
      for (const target of services) {
        if (user === target) await expect(connectAs(user, target)).resolves.toBeUndefined();
        else
          await expect(connectAs(user, target)).rejects.toThrow(/permission denied for database/);
      }
    }
  });

  it("makes openDatabase fail with DatabaseConnectError on another service's database", async () => {
    const tmp = await tempDir('isolation');
    try {
      const attempt = openDatabase({
        url: urlOf('homelab_jarvis', 'streambot'),
        dataDir: tmp.dir,
        migrationsDir: FIXTURE_MIGRATIONS,
        createClient: createFixtureClient,
      });
      await expect(attempt).rejects.toBeInstanceOf(DatabaseConnectError);
      await expect(attempt).rejects.toThrow(/permission denied for database/);

      // While its own database opens and migrates with its own, unprivileged user.
      const own = await openDatabase({
        url: dbs.homelab_jarvis.url,
        dataDir: tmp.dir,
        migrationsDir: FIXTURE_MIGRATIONS,
        createClient: createFixtureClient,
      });
      expect(await own.prisma.note.count()).toBe(0);
      await own.close();
    } finally {
      await tmp.remove();
    }
  });
});
