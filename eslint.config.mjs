// Flat config: typescript-eslint recommended rules plus a guard that keeps driver imports inside the transport.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const driverImports = {
  patterns: [
    {
      regex: '^(bullmq|ioredis|pg|@electric-sql/pglite)(/.*)?$',
      message: 'Driver types stay inside src/transport/bullmq/ (see DESIGN.md).',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'var/', '.symphony/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'queues/**/*.ts', 'handlers/**/*.ts'],
    ignores: ['src/transport/bullmq/**'],
    rules: { 'no-restricted-imports': ['error', driverImports] },
  },
  {
    // The admin UI's browser script (served as is, no build step).
    files: ['dashboard/public/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        setTimeout: 'readonly',
        htmx: 'readonly',
        uPlot: 'readonly',
      },
    },
  },
  {
    // the package tests' fixture projects: plain Node scripts, as a user's project has them
    files: ['test/package/fixtures/**/*.js'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: {
      globals: { require: 'readonly', __dirname: 'readonly', module: 'writable', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
