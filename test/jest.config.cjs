// Whole-system tests: the stack's configuration and its processes running together.
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/packages/core/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/packages/core/test/support/global-teardown.ts',
  testTimeout: 120000,
};
