import { defineConfig } from 'vitest/config';

// The console's browser scenarios each run a whole stack (API, worker, Chromium) and act at a user's
// pace; two at once, or one beside the renderer's watchdog tests, starved each other on two cores and
// failed on waits that pass alone. So they run after every other file, one file at a time.
const BROWSER_SCENARIOS = ['test/console/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    exclude: ['**/node_modules/**', '.data/**', 'console/dist/**'],
    pool: 'forks',
    // Two cores: more parallel files only queue on Chromium and the dev server.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'core', include: ['**/*.test.ts'], exclude: BROWSER_SCENARIOS, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'browser', include: BROWSER_SCENARIOS, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
