// Prisma CLI configuration of the test fixture (see schema.prisma).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL('../../../../tools/prisma-engine/bin.mjs', import.meta.url),
);

export default defineConfig({
  schema: fileURLToPath(new URL('schema.prisma', import.meta.url)),
  migrations: { path: fileURLToPath(new URL('migrations', import.meta.url)) },
  datasource: { url: process.env.DATABASE_URL },
});
