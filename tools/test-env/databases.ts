// Per-test databases: each gets its own user that alone may connect to it,
// the way production gives every service its own database and user.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface ServiceDatabase {
  url: string;
  database: string;
  user: string;
  password: string;
  drop(): Promise<void>;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates database `<prefix>_<random>` owned by a new user of the same name. */
export async function createServiceDatabase(
  adminUrl: string,
  prefix: string,
): Promise<ServiceDatabase> {
  const name = `${prefix.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await admin(adminUrl, async (c) => {
    await c.query(`CREATE ROLE "${name}" LOGIN PASSWORD '${password}'`);
    await c.query(`CREATE DATABASE "${name}" OWNER "${name}"`);
    await c.query(`REVOKE ALL ON DATABASE "${name}" FROM PUBLIC`);
    await c.query(`GRANT CONNECT ON DATABASE "${name}" TO "${name}"`);
  });
  const u = new URL(withDatabase(adminUrl, name));
  u.username = name;
  u.password = password;
  return {
    url: u.toString(),
    database: name,
    user: name,
    password,
    drop: () =>
      admin(adminUrl, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`DROP ROLE IF EXISTS "${name}"`);
      }),
  };
}
