/** Jest runs the TypeScript sources as native ESM, transformed by SWC as `npm run build` does
 * (scripts/swc-options.mjs; no type-check: `npm run typecheck` and test/typecheck.test.ts do that).
 * `@actions/core` 3 is ESM-only, hence the ESM set-up. */
import { typescriptToEsm } from './scripts/swc-options.mjs';

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    // light-my-request (Fastify's inject) require()s the ESM-only `cookie` package, @fastify/static
    // (the /docs page) the ESM-only `content-disposition`: give jest CommonJS copies.
    '/node_modules/(cookie|content-disposition)/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    '^.+\\.ts$': ['@swc/jest', typescriptToEsm],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transformIgnorePatterns: ['/node_modules/(?!cookie/|content-disposition/)'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/build/'],
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/dist/'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
