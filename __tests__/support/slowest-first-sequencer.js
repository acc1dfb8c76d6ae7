const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The longest suites start first, so the run ends when the end-to-end deploy ends rather than
 * after it. Jest orders by its cache of past durations, which a clean clone (CI) does not have;
 * these are the suites' durations measured on the 2-core machine on 2026-11-22, in seconds (the
 * last clean-clone CI run; the extended ones in their own runs). Only their order matters.
 */
const EXPECTED_SECONDS = {
  'local-aws-e2e': 544,
  migration: 351,
  'fargate-array-e2e': 336,
  'mock-outputs': 207,
  'offline-plan': 206,
  'examples-offline-plan': 204,
  'plan-review-golden': 175,
};

class SlowestFirstSequencer extends Sequencer {
  sort(tests) {
    const expected = (test) => EXPECTED_SECONDS[path.basename(test.path, '.test.ts')] ?? 0;
    const known = tests.filter((t) => expected(t) > 0).sort((a, b) => expected(b) - expected(a));
    return [...known, ...super.sort(tests.filter((t) => expected(t) === 0))];
  }
}

module.exports = SlowestFirstSequencer;
