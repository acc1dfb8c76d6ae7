import { schedule, simulateFanOut, type TimedStack } from '../../../lib/plan-review/fan-out-simulation';

/** Plan seconds of each module, as a bench might measure them. */
const SECONDS: Record<string, number> = { iam: 6, 'security-group': 4, sqs: 5, batch: 12, 'step-function': 8 };
const READS: Record<string, string[]> = {
  iam: [],
  'security-group': [],
  sqs: [],
  batch: ['iam', 'security-group', 'sqs'],
  'step-function': ['iam', 'sqs', 'batch'],
};

function environments(count: number): TimedStack[] {
  return Array.from({ length: count }, (_, i) => `env${i + 1}`).flatMap((environment) =>
    Object.entries(SECONDS).map(([module, seconds]) => ({
      name: `${environment}-${module}`,
      environment,
      module,
      dependencies: READS[module]!.map((m) => `${environment}-${m}`),
      seconds,
    })),
  );
}

describe('the fan-out simulation', () => {
  test('one runner with two slots: the three independent stacks, then batch, then the state machine', () => {
    // iam 0-6 and sqs 0-5 side by side, security-group 5-9; batch 9-21; step-function 21-29.
    expect(schedule(environments(1), 2)).toBe(29);
    expect(schedule(environments(1), 5)).toBe(6 + 12 + 8);
    expect(schedule(environments(1), 1)).toBe(35);
  });

  test('fanned out, every environment plans at once; one runner plans them one after another', () => {
    const three = simulateFanOut(environments(3));
    expect(three).toMatchObject({
      environments: 3,
      stacks: 15,
      planJobsPerEnvironment: 3,
      planJobsPerStack: 15,
      deployJobsPerLevel: [3, 1, 1],
      criticalPathSeconds: 26,
      fannedOutSeconds: 29,
    });
    // 15 stacks of 35 s per environment on 2 slots: at least half the total work.
    expect(three.oneRunnerSeconds).toBeGreaterThanOrEqual((3 * 35) / 2);
    const fifty = simulateFanOut(environments(50));
    expect(fifty.planJobsPerEnvironment).toBe(50);
    expect(fifty.planJobsPerStack).toBe(250);
    expect(fifty.fannedOutSeconds).toBe(29);
    expect(fifty.oneRunnerSeconds).toBeGreaterThanOrEqual((50 * 35) / 2);
  });

  test('past 256 stacks the per-stack matrix grows batches to stay within GitHub limit', () => {
    expect(simulateFanOut(environments(60)).planJobsPerStack).toBeLessThanOrEqual(256);
  });
});
