import { BatchSchedulingPolicy as SchedulingPolicyResource } from '@cdktf/provider-aws/lib/batch-scheduling-policy';
import { BatchSchedulingPolicy } from '../../../lib/constructs/batch/batch-scheduling-policy';
import { synthConstruct } from '../../support/construct-stack';

describe('BatchSchedulingPolicy', () => {
  test('renders the fair-share policy and its shares', () => {
    const { json } = synthConstruct(
      (scope) =>
        new BatchSchedulingPolicy(scope, 'fair', {
          name: 'fair',
          computeReservation: 10,
          shareDecaySeconds: 3600,
          shares: [{ shareIdentifier: 'video*', weightFactor: 0.5 }, { shareIdentifier: 'reports' }],
        }),
    );
    expect(json).toHaveResourceWithProperties(SchedulingPolicyResource, {
      name: 'fair',
      fair_share_policy: {
        compute_reservation: 10,
        share_decay_seconds: 3600,
        share_distribution: [{ share_identifier: 'video*', weight_factor: 0.5 }, { share_identifier: 'reports' }],
      },
    });
  });

  test('an empty share list renders no share_distribution', () => {
    const { stack } = synthConstruct((scope) => new BatchSchedulingPolicy(scope, 'fair', { name: 'fair', shares: [] }));
    const [policy] = Object.values(stack.resource.aws_batch_scheduling_policy!);
    expect(policy).toHaveProperty('name', 'fair');
    expect(policy).not.toHaveProperty('fair_share_policy.share_distribution');
  });
});
