const { join } = require('node:path');

// Unit tests beside the code (src/**/*.test.ts); API and real-database tests in test/.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    '^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022' } }],
  },
  // typebox (.mjs) and cookie (light-my-request's dependency) ship ESM only: compile them for jest too.
  transformIgnorePatterns: ['/node_modules/(?!(typebox|cookie)/)'],
  // The contract from its sources, as type checking reads it (tsconfig.base.json paths).
  moduleNameMapper: {
    '^@logcas/contract$': join(__dirname, '../contract/src/index.ts'),
    '^@logcas/contract/constants$': join(__dirname, '../contract/src/constants.ts'),
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
