import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    // Keychain and SQLite tests share one Secret Service session; files run in parallel,
    // tests inside a file in order.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
