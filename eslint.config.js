import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Infrastructure the pure libraries must never import (DESIGN.md section 2, CONVENTIONS.md 1). */
const infrastructure = [
  { group: ['@nestjs/*', '@nestjs/**'], message: 'libs/domain and libs/classification are pure: no NestJS.' },
  { group: ['typeorm', 'typeorm/*', 'pg', 'pg/*', '@eventstore/*', 'nats', 'nats/*'], message: 'Pure code: no database or broker clients.' },
  { group: ['node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:child_process', 'fs', 'net', 'http'], message: 'Pure code: no I/O.' },
  { group: ['**/apps/**', '**/event-store/**', '**/read-models/**', '**/platform/**', '#event-store', '#event-store/*', '#read-models', '#platform'], message: 'Pure code: no imports from the edges.' },
];

/** Libraries are reached through their public entry only (package.json "imports": #domain, #event-store...). */
const deepLibImports = { group: ['**/libs/*/src', '**/libs/*/src/**'], message: 'Import another lib through its public entry (#domain, #event-store, #read-models, #classification, #platform); scripts/lib-imports.mjs rewrites these.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepLibImports] }] },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/classification/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...infrastructure, deepLibImports] }] },
  },
);
