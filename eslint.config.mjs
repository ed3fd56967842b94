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
    // Jest and tooling configs are CommonJS files.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['packages/core/src/cli/**', 'bench/**', 'scripts/**', '**/*.test.ts', 'packages/core/test/**'],
    rules: { 'no-console': 'off' },
  },
);
