/**
 * Four jest projects, all with @swc/jest (type checking is `tsc --noEmit`, its own step):
 * - unit: fast, in-process;
 * - terraform: the real Terraform CLI and provider, offline: init and plan of every stack of every
 *   environment, prevent_destroy; with unit, this is `npm test`, which needs Node.js and Terraform
 *   only (target: under 3 minutes on 2 cores);
 * - deploy: everything that needs the local AWS (moto): the documented per-stack command (each refusal as one line,
 *   approval in a pseudo-terminal, plain npx cdktf, mode switches, a stuck lock), two run-alls at
 *   once, the offline synth refused by `terraform apply` and `cdktf deploy`, the local AWS's shims,
 *   the examples' offline validate and plan, a saved plan applied, the launcher refusing another moto
 *   release; `npm run test:deploy`, which CI runs beside `npm test`;
 * - extended: the long runs (the array jobs example's deploy, the Terragrunt migration, mock outputs
 *   against real upstream states, the golden plan comments from real plans, what compute
 *   environment changes plan), the README followed on a fresh copy, run-all's end-to-end deploy of
 *   dev, `npm run test:extended`, before a release and nightly.
 */
const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};

const suites = (names) => names.map((name) => `<rootDir>/__tests__/terraform/${name}.test.ts`);
const DEPLOY = suites([
  'local-aws-deploy-command',
  'local-aws-refusals',
  'offline-concurrent-runs',
  'offline-apply-refused',
  'local-aws',
  'examples-offline-plan',
  'plan-saved-apply',
  'moto-release',
]);
const EXTENDED = suites([
  'fargate-array-e2e',
  'migration',
  'migration-prefix-tree',
  'migration-registry-tree',
  'mock-outputs',
  'plan-review-golden',
  'compute-environment-updates',
  'foreign-terragrunt-trees',
  'local-aws-readme-walkthrough',
  'local-aws-e2e',
]);

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
      testPathIgnorePatterns: [...DEPLOY, ...EXTENDED],
    },
    {
      displayName: 'deploy',
      testEnvironment: 'node',
      transform,
      testMatch: DEPLOY,
    },
    {
      displayName: 'extended',
      testEnvironment: 'node',
      transform,
      testMatch: EXTENDED,
    },
  ],
};
