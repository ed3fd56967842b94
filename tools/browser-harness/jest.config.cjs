// The harness's own smoke test. Node environment: the test drives Chromium through playwright-core.
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // A cold shared-bundle build plus a Chromium start can take a while on a busy 2-core machine.
  testTimeout: 180000,
};
