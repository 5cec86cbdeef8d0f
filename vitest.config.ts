// Test tiers: unit (pure rules), web (components in happy-dom), integration on both database
// back ends (embedded PGlite and a real PostgreSQL server), and browser journeys in Debian Chromium.
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

const integration = (name: string, backend: 'pglite' | 'postgres') => ({
  test: {
    name,
    include: ['test/integration/**/*.test.ts'],
    environment: 'node',
    env: { PAKN_TEST_BACKEND: backend },
    globalSetup: ['test/integration/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      // Timeouts are a backstop for hangs, not a speed check: a loaded 2-core machine can take seconds to
      // load exceljs or decode a 12 MP photo.
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
      {
        plugins: [preact()],
        test: { name: 'web', include: ['web/src/**/*.test.{ts,tsx}'], environment: 'happy-dom' },
      },
      integration('integration-pglite', 'pglite'),
      integration('integration-postgres', 'postgres'),
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
