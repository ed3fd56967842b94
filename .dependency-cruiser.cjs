// Import rules of the whole repository, checked by test/architecture.test.ts (dependency-cruiser).
const CORE = '^packages/core/src/';
const TESTS = '(^|/)(test|tests)/|\\.test\\.tsx?$';

/** A rule that a core folder may not import the listed core folders (layers only point down). */
const below = (folder, forbidden) => ({
  name: `${folder}-points-down`,
  comment: `${folder}/ must not import ${forbidden.join(', ')}/ (docs/design.md, "Packages and layers")`,
  severity: 'error',
  from: { path: `${CORE}${folder}/`, pathNot: TESTS },
  to: { path: `${CORE}(${forbidden.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'folders of packages/core/src depend on each other in one direction only',
      severity: 'error',
      scope: 'folder',
      from: { path: CORE },
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'production code (package sources, and scripts/ behind `npm start`) never imports test code',
      severity: 'error',
      from: { path: '^(packages|tools)/[^/]+/src/|^scripts/', pathNot: TESTS },
      to: { path: TESTS },
    },
    below('model', ['parse', 'ingest', 'store', 'query', 'archive', 'api', 'cli', 'demo']),
    below('parse', ['ingest', 'store', 'query', 'archive', 'api', 'cli', 'demo']),
    below('store', ['parse', 'ingest', 'query', 'archive', 'api', 'cli', 'demo']),
    below('query', ['parse', 'ingest', 'archive', 'api', 'cli', 'demo']),
    below('ingest', ['query', 'archive', 'api', 'cli', 'demo']),
    below('archive', ['parse', 'ingest', 'query', 'api', 'cli', 'demo']),
    {
      name: 'contract-stands-alone',
      comment: '@logcas/contract depends on typebox only',
      severity: 'error',
      from: { path: '^packages/contract/src/' },
      to: { path: '^packages/(core|grafana-[^/]+)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The barrel imports every folder by design (test/public-api.test.ts checks it); unit tests beside the
    // code may use test helpers. Neither is production code's structure.
    exclude: { path: '^packages/core/src/index\\.ts$|\\.test\\.tsx?$' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
