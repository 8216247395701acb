import { defineConfig } from 'vitest/config';

// One `npm test` runs every project. Server tests run against the database named by
// QUNCE_TEST_DB (pglite by default, postgres with DATABASE_URL); see packages/server/test/setup.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          root: 'packages/core',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'server',
          globalSetup: ['test/global-setup.ts'],
          root: 'packages/server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'web',
          root: 'packages/web',
          environment: 'happy-dom',
          include: ['src/**/*.test.{ts,tsx}'],
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'e2e',
          // Builds the web app and starts `qunce serve --demo` once for all browser tests (e2e/global-setup.ts).
          globalSetup: ['global-setup.ts'],
          include: ['**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
