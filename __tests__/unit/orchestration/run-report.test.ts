import { progressLine, resultTable } from '../../../lib/orchestration/run-report';
import type { StackCommandResult } from '../../../lib/orchestration/stack-command';
import type { TaskOutcome } from '../../../lib/orchestration/stack-graph-runner';
import { NO_CHANGES } from '../../../lib/plan-review/planned-change';

const planned = (counts: Partial<typeof NO_CHANGES>): TaskOutcome<StackCommandResult> => ({
  status: 'succeeded',
  durationMs: 2500,
  result: {
    initRan: true,
    provisional: false,
    hasChanges: true,
    summary: { ...NO_CHANGES, drift: 0, outputChanges: 0, ...counts },
  },
});

describe('the run-all report', () => {
  test('a stack that forgets resources (removed blocks) says so on its line; others do not mention it', () => {
    expect(progressLine('dev-iam', 'apply', planned({ update: 1, forget: 2 }))).toBe(
      'dev-iam: applied +0 ~1 ±0 -0 forget 2 in 2.5s',
    );
    expect(progressLine('dev-sqs', 'plan', planned({ create: 3 }))).toBe('dev-sqs: planned +3 ~0 ±0 -0 in 2.5s');
  });

  test('the table has a column for forgotten resources beside destroyed ones', () => {
    const outcomes = new Map([
      ['dev-iam', planned({ destroy: 1, forget: 2 })],
      ['dev-sqs', { status: 'skipped', reason: 'dev-iam failed' } as const],
    ]);
    expect(resultTable(['dev-iam', 'dev-sqs'], 'plan', outcomes).split('\n')).toEqual([
      'STACK    RESULT   ADD  CHANGE  REPLACE  DESTROY  FORGET  TIME',
      'dev-iam  planned    0       0        0        1       2  2.5s',
      'dev-sqs  skipped',
    ]);
  });
});
