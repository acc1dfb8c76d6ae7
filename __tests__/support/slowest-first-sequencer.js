const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * The longest suites start first, so a run ends when its longest suite ends rather than after it.
 * Jest orders by its cache of past durations, which a clean clone (CI) does not have; these are
 * the suites' durations in seconds on the 2-core machine on 2026-12-07, `npm test`'s and
 * `npm run test:deploy`'s from their own runs, the extended ones from theirs (2026-11-22). Only
 * their order matters; suites not named here run after them, largest file first.
 */
const EXPECTED_SECONDS = {
  // deploy
  'local-aws-deploy-command': 260,
  'examples-offline-plan': 164,
  'local-aws-refusals': 71,
  'offline-apply-refused': 49,
  'offline-concurrent-runs': 45,
  'local-aws': 42,
  'plan-saved-apply': 25,
  // npm test
  'offline-plan': 157,
  'migration-adoption': 70,
  'batch-json-provider-arguments': 44,
  'prevent-destroy': 41,
  'state-first-migration': 30,
  'bad-input-corpus': 30,
  'affected-stacks': 29,
  'ecs-properties-plan': 24,
  // extended
  'local-aws-e2e': 498,
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
