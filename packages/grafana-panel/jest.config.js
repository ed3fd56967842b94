// Jest for the panel: jsdom + @swc/jest. Grafana's packages ship ESM (.mjs) and pull ESM-only libraries,
// so those are transformed too; everything else in node_modules is left alone for speed.
const esmPackages = [
  '@grafana',
  '@react-hookz',
  '@ver0',
  'd3',
  'd3-[a-z-]+',
  'internmap',
  'delaunator',
  'robust-predicates',
  'ol',
  'marked',
  'marked-mangle',
  'react-colorful',
  'react-calendar',
  'get-user-locale',
  'memoize',
  'mimic-function',
  '@wojtekmaj/date-utils',
  'rxjs',
  'uuid',
  'nanoid',
];

module.exports = {
  testEnvironment: 'jest-environment-jsdom',
  roots: ['<rootDir>/src', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // Browser tests run against the built bundle in Chromium; they have their own runner (npm run test:browser).
  testPathIgnorePatterns: ['/node_modules/', '/tests/browser/'],
  setupFilesAfterEnv: ['<rootDir>/jest-setup.ts'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '\\.(css|scss|sass)$': 'identity-obj-proxy',
    '^react-inlinesvg$': '<rootDir>/tests/mocks/react-inlinesvg.tsx',
  },
  transform: {
    '^.+\\.(t|j)sx?$|^.+\\.(m|c)js$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'classic' } } },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages.join('|')})/)`],
};
