import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./test/global-setup.ts'],
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '.data/**', 'console/dist/**'],
    pool: 'forks',
    // Two cores: more parallel files only queue on Chromium and the dev server.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
