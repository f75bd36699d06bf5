// ESM project (NestJS 12 ships ES modules only): ts-jest compiles TypeScript as ESM and
// jest runs it with --experimental-vm-modules (see the "test" script).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#src/(.*)\\.js$': '<rootDir>/src/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  testTimeout: 60_000,
  // Most tests wait on a database, an SMTP sink or a child process, not on the CPU: three workers
  // keep a 2-core machine busy where jest's default (cores - 1) would run the files one by one.
  maxWorkers: 3,
  // One database server and one migrated template for the whole run (test/support/global-setup.mjs).
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
};
