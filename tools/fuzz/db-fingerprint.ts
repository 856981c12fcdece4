// A fingerprint of a service's database: per table its row count and an md5 of
// all its rows (as text, sorted), in one query. Two equal fingerprints mean no
// row was added, removed or changed. Tables that change on any request (a
// session's last-seen time) are left out by name; the outbox is read by its row
// count and highest sequence only, because the relay marks rows published in
// the background — a request that adds an event still shows.
import pg from 'pg';

export interface FingerprintOptions {
  /** Tables left out entirely (each named, with the reason, by the caller). */
  exclude?: string[];
  /** Tables compared by count(*) and max(<column>) only (rows that change in the background). */
  countOnly?: Record<string, string>;
}

export interface DatabaseFingerprint {
  /** table → "count:md5" (or "count:max" for count-only tables). */
  tables: Record<string, string>;
}

export interface Fingerprinter {
  take(): Promise<DatabaseFingerprint>;
  /** Tables whose fingerprint differs between a and b. */
  diff(a: DatabaseFingerprint, b: DatabaseFingerprint): string[];
  /** A table's rows as JSON, to say what changed in a failure message. */
  rows(table: string, limit?: number): Promise<unknown[]>;
  close(): Promise<void>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function fingerprinter(
  databaseUrl: string,
  options: FingerprintOptions = {},
): Promise<Fingerprinter> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // The database may be dropped under an open client (a test that timed out is torn down): the
  // next query fails, instead of an uncaught error.
  client.on('error', () => undefined);
  await client.connect();
  const exclude = new Set(['_prisma_migrations', ...(options.exclude ?? [])]);
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const tables = rows.map((r) => r.name).filter((t) => !exclude.has(t));
  for (const name of [...(options.exclude ?? []), ...Object.keys(options.countOnly ?? {})]) {
    if (!rows.some((r) => r.name === name)) throw new Error(`fingerprint: no table ${name}`);
  }
  const parts = tables.map((t) => {
    const max = options.countOnly?.[t];
    const digest = max
      ? `coalesce(max(${quote(max)})::text, '')`
      : `md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), ''))`;
    return `SELECT '${t}' AS name, count(*)::text || ':' || ${digest} AS fp FROM ${quote(t)} x`;
  });
  const sql = parts.join(' UNION ALL ');
  return {
    async take() {
      const res = await client.query<{ name: string; fp: string }>(sql);
      return { tables: Object.fromEntries(res.rows.map((r) => [r.name, r.fp])) };
    },
    diff(a, b) {
      return tables.filter((t) => a.tables[t] !== b.tables[t]);
    },
    async rows(table, limit = 5) {
      const res = await client.query(`SELECT * FROM ${quote(table)} x LIMIT ${Number(limit)}`);
      return res.rows;
    },
    close: () => client.end(),
  };
}
