// Prisma CLI configuration for this service. The CLI's native schema engine
// cannot be downloaded offline, so it runs the WebAssembly engine through the
// repository's shim (tools/prisma-engine) unless told otherwise.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(
  new URL('../tools/prisma-engine/bin.mjs', import.meta.url),
);

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
