import { BatchJobQueue as JobQueueResource } from '@cdktf/provider-aws/lib/batch-job-queue';
import { BatchJobQueue } from '../../../lib/constructs/batch/batch-job-queue';
import { synthConstruct } from '../../support/construct-stack';

const arn = (name: string): string => `arn:aws:batch:eu-west-1:111111111111:compute-environment/${name}`;

describe('BatchJobQueue', () => {
  test('renders its environments in order, its policy and time limit actions', () => {
    const { json } = synthConstruct(
      (scope) =>
        new BatchJobQueue(scope, 'queue', {
          name: 'q',
          state: 'ENABLED',
          priority: 1,
          computeEnvironments: [
            { order: 1, arn: arn('spot') },
            { order: 2, arn: arn('on-demand') },
          ],
          schedulingPolicyArn: 'arn:aws:batch:eu-west-1:111111111111:scheduling-policy/fair',
          jobStateTimeLimitActions: [{ action: 'CANCEL', maxTimeSeconds: 600, reason: 'stuck', state: 'RUNNABLE' }],
        }),
    );
    expect(json).toHaveResourceWithProperties(JobQueueResource, {
      name: 'q',
      compute_environment_order: [
        { order: 1, compute_environment: arn('spot') },
        { order: 2, compute_environment: arn('on-demand') },
      ],
      scheduling_policy_arn: 'arn:aws:batch:eu-west-1:111111111111:scheduling-policy/fair',
      job_state_time_limit_action: [{ action: 'CANCEL', max_time_seconds: 600, reason: 'stuck', state: 'RUNNABLE' }],
    });
  });

  test('a first-in, first-out queue has no scheduling policy', () => {
    const { stack } = synthConstruct(
      (scope) =>
        new BatchJobQueue(scope, 'queue', {
          name: 'q',
          state: 'ENABLED',
          priority: 1,
          computeEnvironments: [{ order: 1, arn: arn('spot') }],
        }),
    );
    expect(Object.values(stack.resource.aws_batch_job_queue!)[0]).not.toHaveProperty('scheduling_policy_arn');
  });

  test('refuses four compute environments with a repeated order', () => {
    expect(() =>
      synthConstruct(
        (scope) =>
          new BatchJobQueue(scope, 'queue', {
            name: 'q',
            state: 'ENABLED',
            priority: 1,
            computeEnvironments: [1, 2, 3, 3].map((order) => ({ order, arn: arn(`ce${order}`) })),
          }),
      ),
    ).toThrow(/1 to 3 compute environments, not 4[\s\S]*orders must be unique/);
  });
});
