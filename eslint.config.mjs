// ESLint flat config: typescript-eslint type-checked rules, plus the architecture rules of
// DESIGN.md §2 (domain libs import no framework; apps never import apps; libs never import apps).
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const FRAMEWORKS = [
  '@nestjs/*',
  '@mikro-orm/*',
  'nats',
  '@nats-io/*',
  'twilio',
  'twilio/*',
  'class-validator',
  'class-transformer',
  'rxjs',
  'rxjs/*',
  'zod',
  'fastify',
  'prom-client',
];
const APPS = ['identity', 'media', 'flow-runtime', 'dispatch', 'presence'];
const appImports = (except) =>
  APPS.filter((a) => a !== except).flatMap((a) => [`**/apps/${a}/**`, `apps/${a}/**`, `@tp/${a}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: ['libs/ddd/**/*.ts', 'libs/*-domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: FRAMEWORKS, message: 'Domain libs are plain TypeScript: no framework, ORM, broker or Twilio import.' },
            { group: ['@tp/platform', '@tp/testing', '**/apps/**'], message: 'Domain libs import only @tp/ddd and types from @tp/contracts.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/ddd/**', 'libs/*-domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', ...APPS.map((a) => `@tp/${a}`)], message: 'A lib never imports an app.' }] },
      ],
    },
  },
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: appImports(app), message: 'Apps never import apps: talk over NATS through @tp/contracts.' }] },
      ],
    },
  })),
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
