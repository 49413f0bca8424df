import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    projects: [
      {
        // Pure and database tests: no build needed.
        test: {
          name: 'unit',
          // The CLI tests spawn processes: generous on a shared, noisy machine.
          testTimeout: 30_000,
          include: ['tests/core/**/*.test.ts', 'tests/db/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/cli/**/*.test.ts', 'tests/emails/**/*.test.ts', 'tests/bench/**/*.test.ts'],
        },
      },
      {
        // Tests against the built server: built once, then each file starts its own process.
        test: {
          name: 'web',
          include: ['tests/pages/**/*.test.ts', 'tests/browser/**/*.test.ts'],
          globalSetup: ['tests/helpers/build.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
