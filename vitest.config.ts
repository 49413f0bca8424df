import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    // Two files at a time. The default (CPUs − 1) is one on a 2-core machine, where most files
    // spend their time waiting on a server, an SMTP sink or a browser rather than on the CPU.
    maxWorkers: 2,
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
