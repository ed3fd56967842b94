import { defineConfig } from 'tsup';

// Two entries: everything (schemas need typebox), and the constants alone (levels, limits, fields: no
// dependency at all), which browser bundles import so typebox never reaches them.
export default defineConfig({
  entry: { index: 'src/index.ts', constants: 'src/constants.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2020',
});
