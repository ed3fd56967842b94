// The first minute of a newcomer: README's run command on a fresh clone (slow: a whole `npm ci`). Run by
// `npm run test:first-minute` and by .ci/run after `npm test`; no test database, since it must find its own.
const core = require('../../packages/core/jest.config.cjs');

module.exports = {
  transform: core.transform,
  transformIgnorePatterns: core.transformIgnorePatterns,
  testEnvironment: 'node',
  rootDir: '../..',
  roots: ['<rootDir>/test/first-minute'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 900000,
};
