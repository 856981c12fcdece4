// The whole-stack chaos tests (npm run test:chaos): real service processes killed and
// restarted, so they run on their own after the main suite, one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tools/chaos/**/*.test.ts'],
    globalSetup: ['tools/test-env/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
