// The shared session store on an in-memory PGlite with the two columns sets it
// relies on (sessions: id, user_id, created_at, last_seen_at, expires_at; users:
// id and the service's own columns): only the token's hash is stored, a lookup
// carries the service's user, use pushes the expiry forward, and expired,
// logged-out or pruned sessions open nothing.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SqlDatabase } from '../db/sql.ts';
import { createSessionStore, hashSessionToken } from './session-store.ts';

let pg: PGlite;
let sql: SqlDatabase;
const ALICE = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  pg = new PGlite();
  await pg.exec(`
    CREATE TABLE users (id uuid PRIMARY KEY, name text NOT NULL);
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
      expires_at timestamptz(3) NOT NULL);
    INSERT INTO users VALUES ('${ALICE}', 'alice');`);
  const client = {
    query: async <T>(text: string, params?: unknown[]) => (await pg.query<T>(text, params)).rows,
    execute: async (text: string, params?: unknown[]) =>
      (await pg.query(text, params)).affectedRows ?? 0,
  };
  sql = { ...client, transaction: (fn) => fn(client) } as SqlDatabase;
});
afterAll(() => pg.close());

const store = (touchEveryMs = 60_000) =>
  createSessionStore(
    { sql },
    {
      ttlMs: 3_600_000,
      touchEveryMs,
      user: {
        columns: 'u.name',
        fromRow: (row) => ({ id: row.user_id, name: row.name as string }),
      },
    },
  );

it('keeps only the hash and opens the session with the service’s user', async () => {
  const sessions = store();
  const { token, expiresAt } = await sessions.create(ALICE);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const rows = (await pg.query<{ id: string }>('SELECT id FROM sessions')).rows;
  expect(rows.map((r) => r.id)).toContain(hashSessionToken(token));
  expect(rows.map((r) => r.id)).not.toContain(token);
  const open = await sessions.lookup(token);
  expect(open).toEqual({
    id: hashSessionToken(token),
    user: { id: ALICE, name: 'alice' },
    expiresAt,
  });
  expect(await sessions.lookup('x'.repeat(43))).toBeNull();
  expect(await sessions.lookup('not a token')).toBeNull();
});

it('pushes the expiry forward when used after touchEveryMs', async () => {
  const sessions = store(0);
  const { token, expiresAt } = await sessions.create(ALICE);
  await new Promise((r) => setTimeout(r, 10));
  const open = await sessions.lookup(token);
  expect(open!.expiresAt.getTime()).toBeGreaterThan(expiresAt.getTime());
});

it('ends sessions on delete, per user, at expiry and when pruned', async () => {
  const sessions = store();
  const a = await sessions.create(ALICE);
  await sessions.delete(a.token);
  expect(await sessions.lookup(a.token)).toBeNull();

  const b = await sessions.create(ALICE);
  const c = await sessions.create(ALICE);
  expect(await sessions.deleteForUser(ALICE)).toBeGreaterThanOrEqual(2);
  expect(await sessions.lookup(b.token)).toBeNull();
  expect(await sessions.lookup(c.token)).toBeNull();

  const d = await sessions.create(ALICE);
  await pg.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
    hashSessionToken(d.token),
  ]);
  expect(await sessions.lookup(d.token)).toBeNull();
  expect(await sessions.prune()).toBe(1);
});

/** The store over `sql`, with a switch that makes every statement fail as an unreachable server. */
function switchable(outageGraceMs?: number) {
  let down = false;
  const refuse = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const flaky = {
    query: (text: string, params?: unknown[]) =>
      down ? Promise.reject(refuse()) : sql.query(text, params),
    execute: (text: string, params?: unknown[]) =>
      down ? Promise.reject(refuse()) : sql.execute(text, params),
  } as SqlDatabase;
  const sessions = createSessionStore(
    { sql: flaky },
    {
      ttlMs: 3_600_000,
      ...(outageGraceMs === undefined ? {} : { outageGraceMs }),
      user: {
        columns: 'u.name',
        fromRow: (row) => ({ id: row.user_id, name: row.name as string }),
      },
    },
  );
  return { sessions, setDown: (d: boolean) => void (down = d) };
}

it('honours a session the database confirmed while the database is unreachable, nothing else', async () => {
  const { sessions, setDown } = switchable();
  const seen = await sessions.create(ALICE);
  const unseen = await sessions.create(ALICE);
  const open = await sessions.lookup(seen.token);
  setDown(true);
  expect(await sessions.lookup(seen.token)).toEqual(open);
  // Never confirmed by this instance: the outage is reported, not a session made up.
  await expect(sessions.lookup(unseen.token)).rejects.toThrow(/ECONNREFUSED/);
  // A malformed token is still no session, without asking anyone.
  expect(await sessions.lookup('not a token')).toBeNull();
  setDown(false);
});

it('forgets a session on logout even when the database cannot record it', async () => {
  const { sessions, setDown } = switchable();
  const a = await sessions.create(ALICE);
  const b = await sessions.create(ALICE);
  await sessions.lookup(a.token);
  await sessions.lookup(b.token);
  setDown(true);
  await expect(sessions.delete(a.token)).rejects.toThrow(/ECONNREFUSED/);
  await expect(sessions.lookup(a.token)).rejects.toThrow(/ECONNREFUSED/);
  await expect(sessions.deleteForUser(ALICE)).rejects.toThrow(/ECONNREFUSED/);
  await expect(sessions.lookup(b.token)).rejects.toThrow(/ECONNREFUSED/);
  setDown(false);
});

it('honours nothing past the grace, past the expiry, or when turned off', async () => {
  const off = switchable(0);
  const a = await off.sessions.create(ALICE);
  await off.sessions.lookup(a.token);
  off.setDown(true);
  await expect(off.sessions.lookup(a.token)).rejects.toThrow(/ECONNREFUSED/);
  off.setDown(false);

  const short = switchable(30);
  const b = await short.sessions.create(ALICE);
  await short.sessions.lookup(b.token);
  await new Promise((r) => setTimeout(r, 60));
  short.setDown(true);
  await expect(short.sessions.lookup(b.token)).rejects.toThrow(/ECONNREFUSED/);
  short.setDown(false);

  const expiring = switchable();
  const c = await expiring.sessions.create(ALICE);
  await pg.query(
    `UPDATE sessions SET expires_at = now() + interval '50 milliseconds' WHERE id = $1`,
    [hashSessionToken(c.token)],
  );
  await expiring.sessions.lookup(c.token);
  await new Promise((r) => setTimeout(r, 80));
  expiring.setDown(true);
  await expect(expiring.sessions.lookup(c.token)).rejects.toThrow(/ECONNREFUSED/);
  expiring.setDown(false);
});
