const Sequencer = require('@jest/test-sequencer').default;

/**
 * The longest suites start first, so the run ends when the end-to-end deploy ends rather than
 * after it. Jest orders by its cache of past durations, which a clean clone (CI) does not have;
 * these are measured durations of the Terraform suites on the 2-core machine, in seconds.
 */
const EXPECTED_SECONDS = {
  'local-aws-e2e': 600,
  'fargate-array-e2e': 500,
  migration: 400,
  'mock-outputs': 200,
  'plan-review-golden': 175,
  'offline-plan': 150,
  'examples-offline-plan': 140,
};

class SlowestFirstSequencer extends Sequencer {
  sort(tests) {
    const expected = (test) => EXPECTED_SECONDS[require('path').basename(test.path, '.test.ts')] ?? 0;
    const known = tests.filter((t) => expected(t) > 0).sort((a, b) => expected(b) - expected(a));
    return [...known, ...super.sort(tests.filter((t) => expected(t) === 0))];
  }
}

module.exports = SlowestFirstSequencer;
