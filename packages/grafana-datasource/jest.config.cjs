// Unit tests beside the code (src/**/*.test.ts[x]); integration and bundle tests in test/.
// tests/ holds the Playwright e2e specs: jest never looks there.
const { grafanaPluginJestConfig } = require('../../tools/jest/grafana-plugin.cjs');

module.exports = grafanaPluginJestConfig({
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/', '<rootDir>/dist/'],
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
});
