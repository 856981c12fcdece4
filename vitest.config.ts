import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{nats,stream-bot,dashboard,discord-bot,tools,scripts}/**/*.test.ts'],
    // The chaos suite has its own config (tools/chaos/vitest.config.ts): it runs after this one.
    exclude: ['**/node_modules/**', '**/web/**', 'tools/chaos/**'],
    globalSetup: ['tools/test-env/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
