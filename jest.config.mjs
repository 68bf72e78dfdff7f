// Jest 30 in native ESM mode (Nest 12 is ESM-only): swc transpiles TS to ES modules
// with legacy decorators and emitted metadata, which Nest's DI needs.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];
// Jest on Node 20 cannot require() an ES module. @fastify/static (CommonJS, used by Swagger UI)
// requires content-disposition, which is ESM-only: compile that one package to CommonJS.
const requiredEsm = ['content-disposition'];
const swcCjs = ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': swc,
    [`/node_modules/(${requiredEsm.join('|')})/.+\\.js$`]: swcCjs,
  },
  transformIgnorePatterns: [`/node_modules/(?!(${requiredEsm.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};
// Suites that start private servers of their own (a MariaDB, a Redis) to freeze and kill: they do
// not use DATABASE_URL's server, so they run once, in the default run (`npm test`); the MySQL run
// (DATABASE_URL=mysql://...) leaves them out rather than repeat them.
const OWN_SERVER_SUITES = ['faults-database-outage', 'faults-redis-outage'];
const mysqlRun = (process.env.DATABASE_URL ?? '').startsWith('mysql');
export default {
  // a global option: per-project testTimeout is ignored
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...(mysqlRun ? OWN_SERVER_SUITES.map((name) => `/test/${name}\\.e2e-spec\\.ts$`) : [])],
    },
  ],
};
