// Jest runs the ESM build of the code through ts-jest (see DESIGN.md section 3:
// NestJS 12 is ESM-only, so Jest is started with --experimental-vm-modules).
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // Node subpath imports (package.json "imports") resolve to each lib's public entry.
    '^#(domain|event-store|read-models|classification|platform)$': '<rootDir>/libs/$1/src/index.ts',
    '^#(event-store)/testing$': '<rootDir>/libs/$1/src/testing/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform,
  testEnvironment: 'node',
  rootDir: '.',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/data/'],
};

/** @type {import('jest').Config} */
export default {
  // A global option: Jest ignores testTimeout inside a project, which left every test
  // on the 5 s default. It is a hang guard only, never a speed check: no test sets a
  // shorter limit or waits against a deadline of its own, so a busy 2-core machine
  // (seen: load 17, e2e files 5-10x slower) makes the suite slower, never red.
  testTimeout: 600_000,
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
