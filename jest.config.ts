/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// ts-jest transpiles only (isolatedModules); `npm run typecheck` is the type gate.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // PGlite's CommonJS build uses dynamic import() of built-ins, which Jest's sandbox cannot run.
    '/node_modules/@electric-sql/pglite/dist/.+\\.cjs$': '<rootDir>/test/helpers/require-dynamic-imports.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 120_000, // generous: CI shares 2 cores; a passing test never waits for it
  // Four on two cores: with three, a quarter of the CPU was idle (workers waiting on servers, timers, child processes).
  maxWorkers: 4,
  // Time for a worker to exit once the run is over, before jest kills it and says it "failed to exit
  // gracefully" (default 500 ms). With both cores busy a worker that held nothing open (only its pipes
  // were left, traced on 11-30) still overran it; a real leak is still reported, only later.
  workerGracefulExitTimeout: 10_000,
  // `npm test -- --coverage` (as .ci/run runs it): lines of src/ and dashboard/ covered by the tests of this
  // process tree's jest workers (CLI child processes are not counted); below 80% of lines the run fails.
  // Babel's counters, instrumented once per file into the transform cache: V8's block coverage made the
  // whole suite take 60% more CPU (precise counting in every test file, converted again after each one).
  collectCoverageFrom: ['src/**/*.ts', 'dashboard/**/*.ts'],
  coverageProvider: 'babel',
  coverageReporters: ['text-summary', 'json-summary'],
  coverageThreshold: { global: { lines: 80 } },
};

export default config;
