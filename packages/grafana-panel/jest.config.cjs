// Jest for the panel (shared Grafana plugin base). Browser tests run against the built bundle in Chromium
// with their own config (jest.browser.config.js).
const { grafanaPluginJestConfig } = require('../../tools/jest/grafana-plugin.cjs');

module.exports = grafanaPluginJestConfig({
  roots: ['<rootDir>/src', '<rootDir>/tests'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/browser/'],
  setupFilesAfterEnv: ['<rootDir>/jest-setup.ts'],
  moduleNameMapper: { '^react-inlinesvg$': '<rootDir>/tests/mocks/react-inlinesvg.tsx' },
});
