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

/**
 * Controllers and command handlers hold no SQL (issue 10 item 5): reads go through the queries beside each
 * read model (libs/read-models/src/<context>/<model>.queries.ts). A SQL statement in a
 * string or template literal, or a database client in a controller, fails lint.
 */
const SQL_TEXT = '/\\b(SELECT|INSERT\\s+INTO|UPDATE\\s+\\w+\\s+SET|DELETE\\s+FROM|WITH\\s+\\w+\\s+AS)\\b/';
const noSqlInControllers = [
  { selector: `Literal[value=${SQL_TEXT}]`, message: 'No SQL in controllers: add a query beside the read model (libs/read-models/src/**/*.queries.ts).' },
  { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: 'No SQL in controllers: add a query beside the read model (libs/read-models/src/**/*.queries.ts).' },
];
const noDatabaseInControllers = [
  { group: ['pg', 'typeorm', '**/infrastructure/database.tokens.js'], message: 'No database access in controllers: inject the read model queries (#read-models).' },
];

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
  {
    files: ['apps/api/**/*.controller.ts', 'apps/api/**/*.handler.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...noDatabaseInControllers, deepLibImports] }],
      'no-restricted-syntax': ['error', ...noSqlInControllers],
    },
  },
);
