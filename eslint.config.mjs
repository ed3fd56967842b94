// One lint config for the whole repository: typescript-eslint's recommended rules.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/.cache/**', '**/dist/**', '**/node_modules/**', '**/coverage/**', 'bench/out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    // Plugin bundles take the contract's values from its dependency-free entry, so typebox never reaches them.
    files: ['packages/grafana-*/src/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@logcas/contract',
              allowTypeImports: true,
              message: 'import values from @logcas/contract/constants (types from @logcas/contract are fine)',
            },
          ],
        },
      ],
    },
  },
  {
    // Jest and tooling configs are CommonJS files.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['packages/core/src/cli/**', 'bench/**', 'scripts/**', '**/*.test.ts', 'packages/core/test/**'],
    rules: { 'no-console': 'off' },
  },
);
