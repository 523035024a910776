// Three test tiers: unit tests next to the code, integration tests against the real
// PostgreSQL and NATS (*.int-spec.ts), end-to-end tests under test/ (*.e2e-spec.ts).
const fs = require('node:fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

const moduleNameMapper = {
  '^@tp/ddd$': '<rootDir>/libs/ddd/src',
  '^@tp/telephony-domain$': '<rootDir>/libs/telephony-domain/src',
  '^@tp/timed-presence-domain$': '<rootDir>/libs/timed-presence-domain/src',
  '^@tp/identity-domain$': '<rootDir>/libs/identity-domain/src',
  '^@tp/media-domain$': '<rootDir>/libs/media-domain/src',
  '^@tp/flow-domain$': '<rootDir>/libs/flow-domain/src',
  '^@tp/dispatch-domain$': '<rootDir>/libs/dispatch-domain/src',
  '^@tp/routing-domain$': '<rootDir>/libs/routing-domain/src',
  '^@tp/contracts$': '<rootDir>/libs/contracts/src',
  '^@tp/platform$': '<rootDir>/libs/platform/src',
  '^@tp/fakes$': '<rootDir>/libs/fakes/src',
  // The stack harness (test databases, NATS, whole stack) loads the platform, so unit tests do not import it.
  '^@tp/stack-harness$': '<rootDir>/libs/stack-harness/src',
  '^@tp/twilio-simulator$': '<rootDir>/libs/twilio-simulator/src',
};

// jose, oidc-provider and content-disposition (of @fastify/static) ship only ES modules: Node 20
// requires them natively, and @swc/jest turns them into CommonJS for jest too.
const esmOnly = ['jose', 'oidc-provider', 'content-disposition'];

// Every test file loads its modules afresh, and a handler's spec reached through `@tp/platform`'s index
// MikroORM, pg, NATS and Fastify (2,600 modules) it never calls. `lazy` makes swc require a package
// when a binding of it is first used (relative imports stay eager), which took a third off the CPU of
// such a file. Only tests: the build keeps plain CommonJS.
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: {
    '^.+\\.(ts|js)$': ['@swc/jest', { ...swcrc, module: { type: 'commonjs', lazy: true }, swcrc: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
};

/** @type {import('jest').Config} */
module.exports = {
  // Unit, integration and end-to-end files spend much of their time waiting (on PostgreSQL, NATS,
  // timers, processes starting), so two run at once even on two cores (Jest's default there is one).
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  testSequencer: '<rootDir>/test/sequencer.js',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/quiet-logs.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFilesAfterEnv: [
        '<rootDir>/test/support/integration-timeout.ts',
        '<rootDir>/test/support/private-nats.ts',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.js',
      globalTeardown: '<rootDir>/test/global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.ts', '<rootDir>/test/support/private-nats.ts'],
    },
    {
      // `npm run chaos` only (minutes): the full chaos run; `npm test` runs test/chaos.e2e-spec.ts.
      ...shared,
      displayName: 'chaos',
      testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
    },
  ],
  // Coverage is measured where it is a rule: the framework-free libs. Instrumenting the apps as well
  // cost more than the tests (the unit tier alone took 263 s of CPU with the apps instrumented; unit
  // and integration together 294 s without), for a number nothing checked.
  collectCoverageFrom: [
    'libs/{ddd,*-domain}/src/**/*.ts',
    '!**/*.spec.ts',
    '!**/*.int-spec.ts',
    '!**/index.ts',
    '!libs/fakes/**',
    '!libs/stack-harness/**',
    '!libs/twilio-simulator/**',
    '!apps/*/src/testing/**',
    '!**/migrations/**',
    '!**/main.ts',
  ],
  coverageReporters: ['text-summary', 'json-summary'],
  // The rules of timed presence must be exact: the framework-free libs keep >= 95% line coverage.
  coverageThreshold: {
    './libs/ddd/src/': { lines: 95 },
    './libs/telephony-domain/src/': { lines: 95 },
    './libs/timed-presence-domain/src/': { lines: 95 },
    './libs/identity-domain/src/': { lines: 95 },
    './libs/media-domain/src/': { lines: 95 },
    './libs/flow-domain/src/': { lines: 95 },
    './libs/dispatch-domain/src/': { lines: 95 },
    './libs/routing-domain/src/': { lines: 95 },
  },
};
