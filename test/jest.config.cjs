// Whole-system tests: the stack's configuration and its processes running together. Same transforms and
// test-server setup as the core package, whose sources these tests start.
const core = require('../packages/core/jest.config.cjs');

module.exports = {
  ...core,
  rootDir: '..',
  roots: ['<rootDir>/test'],
  // README's run command on a fresh clone has its own config and command (npm run test:first-minute).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/first-minute/'],
  globalSetup: '<rootDir>/packages/core/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/packages/core/test/support/global-teardown.ts',
  testTimeout: 120000,
};
