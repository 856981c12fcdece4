// The developer's side of the shim: `migrate dev` writing a new migration
// (it replays the history on a shadow database), and the CLI working on a
// service's embedded PGlite database.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createServiceDatabase, type ServiceDatabase } from '../test-env/mod.ts';
import { REPO, SHIM, runPrisma, serviceDir, type RunResult } from './test-helpers.ts';

const explain = (r: RunResult) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

let scratch: string;
let database: ServiceDatabase;
beforeAll(async () => {
  // Inside the repository (.tmp is ignored) so the config can import `prisma/config`.
  await mkdir(path.join(REPO, '.tmp'), { recursive: true });
  scratch = await mkdtemp(path.join(REPO, '.tmp', 'prisma-dev-'));
  database = await createServiceDatabase(inject('pgAdminUrl'), 'prisma_dev');
  // Shadow databases need CREATEDB, as with the native engine.
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  await admin.query(`ALTER ROLE "${database.user}" CREATEDB`);
  await admin.end();
});
afterAll(async () => {
  await database?.drop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('creates and applies a new migration with migrate dev, leaving no shadow database', async () => {
  const project = path.join(scratch, 'stream-bot');
  await cp(path.join(serviceDir('stream-bot'), 'prisma'), path.join(project, 'prisma'), {
    recursive: true,
  });
  await writeFile(
    path.join(project, 'prisma.config.ts'),
    `import { defineConfig } from 'prisma/config';
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= ${JSON.stringify(SHIM)};
export default defineConfig({ schema: 'prisma/schema.prisma', datasource: { url: process.env.DATABASE_URL } });
`,
  );
  const deploy = await runPrisma(['migrate', 'deploy'], project, database.url);
  expect(deploy.code, explain(deploy)).toBe(0);

  const schemaFile = path.join(project, 'prisma', 'schema.prisma');
  const schema = await readFile(schemaFile, 'utf8');
  await writeFile(
    schemaFile,
    schema.replace('  model     String?', '  model     String?\n  lang      String?'),
  );
  const dev = await runPrisma(['migrate', 'dev', '--name', 'fact_lang'], project, database.url);
  expect(dev.code, explain(dev)).toBe(0);

  const created = (await readdir(path.join(project, 'prisma', 'migrations'))).filter((n) =>
    n.endsWith('_fact_lang'),
  );
  expect(created).toHaveLength(1);
  const sql = await readFile(
    path.join(project, 'prisma', 'migrations', created[0]!, 'migration.sql'),
    'utf8',
  );
  expect(sql).toMatch(/ALTER TABLE "facts" ADD COLUMN\s+"lang" TEXT;/);

  const status = await runPrisma(['migrate', 'status'], project, database.url);
  expect(status.stdout, explain(status)).toMatch(/Database schema is up to date/);
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  try {
    const shadows = await admin.query(
      `SELECT datname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
       WHERE r.rolname = $1 AND datname LIKE 'prisma_migrate_shadow_db_%'`,
      [database.user],
    );
    expect(shadows.rows).toEqual([]);
  } finally {
    await admin.end();
  }
});

it('migrates and checks a PGlite data directory given as a file: URL', async () => {
  const url = `file:${path.join(scratch, 'pglite')}`;
  const cwd = serviceDir('stream-bot');
  const deploy = await runPrisma(['migrate', 'deploy'], cwd, url);
  expect(deploy.code, explain(deploy)).toBe(0);
  const diff = await runPrisma(
    [
      'migrate',
      'diff',
      '--from-config-datasource',
      '--to-schema',
      'prisma/schema.prisma',
      '--exit-code',
    ],
    cwd,
    url,
  );
  expect(diff.code, explain(diff)).toBe(0);
  expect(diff.stdout).toMatch(/No difference detected/);
});
