const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The longest suites start first, so a run ends when its longest suite ends rather than after it.
 * Jest orders by its cache of past durations, which a clean clone (CI) does not have; these are
 * the suites' durations measured on the 2-core machine on 2026-11-22, in seconds: `npm test`'s
 * and `npm run test:deploy`'s from their own runs, the extended ones from theirs. Only their order
 * matters; suites not named here run after them, largest file first.
 */
const EXPECTED_SECONDS = {
  // deploy
  'local-aws-e2e': 498,
  'examples-offline-plan': 129,
  'local-aws': 47,
  'offline-apply-refused': 33,
  // npm test
  'offline-plan': 104,
  'prevent-destroy': 18,
  // measured alone, 2026-12-03
  'ecs-properties-plan': 9,
  // extended
  migration: 351,
  'fargate-array-e2e': 336,
  'mock-outputs': 207,
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
