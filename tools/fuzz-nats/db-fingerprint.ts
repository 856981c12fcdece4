// What a database holds, as one digest per table: compared before and after a
// fuzz run to show that refused requests wrote nothing, not even in part.
import pg from 'pg';

/** Table name → row count and md5 of its rows (schema `public`, migrations left out). */
export async function databaseFingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
       ORDER BY table_name`,
    );
    const out: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const ident = `"${name.replaceAll('"', '""')}"`;
      const r = await client.query<{ n: string; digest: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${ident} t`,
      );
      const row = r.rows[0];
      out[name] = `${row?.n ?? '?'} rows ${row?.digest ?? '-'}`;
    }
    return out;
  } finally {
    await client.end();
  }
}
