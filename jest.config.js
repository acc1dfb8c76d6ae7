/**
 * Three jest projects, all with @swc/jest (type checking is `tsc --noEmit`, its own step):
 * - unit: fast, in-process;
 * - terraform: the real Terraform CLI and provider, offline and against the local AWS; with unit,
 *   this is `npm test` and CI;
 * - extended: the long runs (the seed 001 example's deploy, the Terragrunt migration, mock outputs
 *   against real upstream states, the golden plan comments from real plans), `npm run
 *   test:extended`, before a release and nightly.
 */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] };

const EXTENDED = ['fargate-array-e2e', 'migration', 'mock-outputs', 'plan-review-golden'].map((name) => `<rootDir>/__tests__/terraform/${name}.test.ts`);

module.exports = {
  // Terraform suites mostly wait on the provider's polling: three workers overlap that waiting on two cores.
  maxWorkers: 3,
  testSequencer: '<rootDir>/__tests__/support/slowest-first-sequencer.js',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup-cdktf-matchers.ts'],
    },
    {
      displayName: 'terraform',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/__tests__/terraform/**/*.test.ts'],
      testPathIgnorePatterns: EXTENDED,
    },
    {
      displayName: 'extended',
      testEnvironment: 'node',
      transform,
      testMatch: EXTENDED,
    },
  ],
};
