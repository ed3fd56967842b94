// Browser tests: node environment driving Debian's Chromium on the shared harness page, against dist/.
// Run with `npm run test:browser` (builds first). es2022 keeps transpiler helpers out of page.evaluate bodies.
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  // A cold shared-bundle build plus a Chromium start can take a while on the busy 2-core machine.
  testTimeout: 180000,
};
