import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{nats,stream-bot,dashboard,discord-bot,tools,scripts}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/web/**'],
    globalSetup: ['tools/test-env/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
