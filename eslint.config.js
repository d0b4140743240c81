// One linter for the whole repository. Type-aware rules catch floating promises and
// non-exhaustive switches; restricted imports keep services free of transport and driver code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layerRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['fastify', '@fastify/*', 'ws', 'kysely', 'pg', '@electric-sql/*', 'ioredis'],
          message:
            'Services hold business rules only: reach the database through repositories and the outside world through ports.',
        },
        {
          group: ['**/*.routes.ts', '**/http/*'],
          message: 'Services must not depend on the HTTP layer.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '.tmp/**', '**/*.d.ts', '**/*.d.mts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      'no-console': 'error',
    },
  },
  { files: ['apps/server/src/**/*.service.ts'], rules: layerRule },
  {
    files: ['**/*.test.ts', 'bench/**', '**/scripts/**', '**/test/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
