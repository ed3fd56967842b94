// Unit tests beside the code (src/**/*.test.ts): the contract is pure, no database.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }], '^.+\\.mjs$': ['@swc/jest'] },
  // typebox ships ESM only: compile it for jest too.
  transformIgnorePatterns: ['/node_modules/(?!typebox/)'],
};
