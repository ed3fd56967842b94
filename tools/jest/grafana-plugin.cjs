// The jest setup both Grafana plugins share: jsdom, @swc/jest with classic JSX, and the ESM-only packages
// that Grafana's libraries pull in (transformed to CommonJS; the rest of node_modules is left alone for speed).
const { join } = require('node:path');

const ESM_PACKAGES = [
  '@grafana',
  '@react-hookz',
  '@ver0',
  '@codemirror',
  '@lezer',
  '@marijn',
  '@leeoniya',
  '@tanstack',
  '@wojtekmaj',
  '@uiw',
  '@zarrita',
  'react-calendar',
  'react-colorful',
  'react-loading-skeleton',
  'get-user-locale',
  'memoize',
  'mimic-function',
  'compute-scroll-into-view',
  'crelt',
  'style-mod',
  'w3c-keyname',
  'codemirror',
  'd3',
  'd3-[a-z-]+',
  'internmap',
  'delaunator',
  'robust-predicates',
  'marked',
  'marked-mangle',
  'ol',
  'rbush',
  'quickselect',
  'earcut',
  'pbf',
  'geotiff',
  'quick-lru',
  'date-fns',
  'stylis',
  'uwrap',
  'web-vitals',
  'zarrita',
  'numcodecs',
  'zstddec',
  'unzipit',
  'reference-spec-reader',
  'web-worker',
  'rxjs',
  'uuid',
  'nanoid',
  // core's API (the datasource's integration test runs it): typebox and cookie ship ESM only.
  'typebox',
  'cookie',
];

/** A plugin package's jest config: the shared base plus the package's own roots, mappers and setup files. */
function grafanaPluginJestConfig({ moduleNameMapper = {}, setupFilesAfterEnv = [], ...own }) {
  return {
    testEnvironment: 'jsdom',
    testMatch: ['**/*.test.ts', '**/*.test.tsx'],
    moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json'],
    transform: {
      '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', transform: { react: { runtime: 'classic' } } } }],
      '^.+\\.(m|c)js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    },
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
    testTimeout: 60000,
    ...own,
    moduleNameMapper: {
      '\\.(css|scss|sass)$': 'identity-obj-proxy',
      // The contract from its sources, as type checking reads it (tsconfig.base.json paths).
      '^@logcas/contract$': join(__dirname, '../../packages/contract/src/index.ts'),
      '^@logcas/contract/constants$': join(__dirname, '../../packages/contract/src/constants.ts'),
      ...moduleNameMapper,
    },
    setupFilesAfterEnv: [join(__dirname, 'grafana-jsdom.ts'), ...setupFilesAfterEnv],
  };
}

module.exports = { grafanaPluginJestConfig, ESM_PACKAGES };
