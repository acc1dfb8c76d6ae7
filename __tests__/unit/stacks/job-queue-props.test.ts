import { JobQueueSchema } from '../../../lib/configuration/schemas/job-queue-schema';
import { jobQueueProps, type JobQueueTargets } from '../../../stacks/job-queue-props';

const targets: JobQueueTargets = {
  computeEnvironmentArn: (name) => `ce:${name}`,
  schedulingPolicyArn: (name) => `policy:${name}`,
};

describe('jobQueueProps', () => {
  test('points the queue at its compute environments and policy by ARN, in the configured order', () => {
    const config = JobQueueSchema.parse({
      name: 'queue',
      state: 'ENABLED',
      priority: 1,
      compute_environment_order: [
        { order: 1, compute_environment: 'spot' },
        { order: 2, compute_environment: 'on-demand' },
      ],
      scheduling_policy: 'fair',
    });
    expect(jobQueueProps(config, targets)).toMatchObject({
      computeEnvironments: [
        { order: 1, arn: 'ce:spot' },
        { order: 2, arn: 'ce:on-demand' },
      ],
      schedulingPolicyArn: 'policy:fair',
    });
  });

  test('a first-in, first-out queue has no policy; time limit actions get their defaults', () => {
    const config = JobQueueSchema.parse({
      name: 'fifo',
      state: 'DISABLED',
      priority: 0,
      compute_environment_order: [{ order: 1, compute_environment: 'spot' }],
      job_state_time_limit_action: [{ max_time_seconds: 600, reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY' }],
    });
    const props = jobQueueProps(config, targets);
    expect(props.schedulingPolicyArn).toBeUndefined();
    expect(props.jobStateTimeLimitActions).toEqual([
      { action: 'CANCEL', maxTimeSeconds: 600, reason: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', state: 'RUNNABLE' },
    ]);
  });
});
