/** Unit tests run in parallel workers; the Terraform suites (real terraform CLI, local AWS) are their own project. */
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] };

module.exports = {
  maxWorkers: 2,
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
    },
  ],
};
