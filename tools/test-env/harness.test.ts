import { inject, it, expect } from 'vitest';
import pg from 'pg';
import { createServiceDatabase } from './databases.ts';

it('gives each test database to its own user alone', async () => {
  const a = await createServiceDatabase(inject('pgAdminUrl'), 'harness_a');
  const b = await createServiceDatabase(inject('pgAdminUrl'), 'harness_b');
  try {
    const own = new pg.Client({ connectionString: a.url });
    await own.connect();
    expect((await own.query('select current_database() as db')).rows[0].db).toBe(a.database);
    await own.end();
    const url = new URL(a.url);
    url.pathname = `/${b.database}`;
    const foreign = new pg.Client({ connectionString: url.toString() });
    await expect(foreign.connect()).rejects.toThrow(/permission denied/);
  } finally {
    await a.drop();
    await b.drop();
  }
});
